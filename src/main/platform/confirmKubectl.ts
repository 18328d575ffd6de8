/** The part of Electron's `dialog` the question needs. */
export interface MessageDialog {
  showMessageBox(options: {
    type: 'warning';
    message: string;
    detail: string;
    buttons: string[];
    defaultId: number;
    cancelId: number;
  }): Promise<{ response: number }>;
}

/**
 * Asks, in a native dialog the page cannot draw or click, whether Tether may run a kubectl it
 * did not find itself. Cancel is the default: only a deliberate click says yes.
 */
export function confirmKubectlWith(dialog: MessageDialog): (path: string) => Promise<boolean> {
  return async (path) => {
    const { response } = await dialog.showMessageBox({
      type: 'warning',
      message: `Use ${path} as kubectl?`,
      detail:
        'Tether will run this program for port-forwards. It is not a kubectl Tether found on your PATH or in the usual install folders: confirm only a kubectl you installed yourself.',
      buttons: ['Use this kubectl', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
    });
    return response === 0;
  };
}

import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  ContractError,
  IPC_EVENT,
  IPC_INVOKE,
  type Dispatch,
  type EventBus,
  type Reply,
} from '../../shared/contract';
import type { Logger } from '../core/app/log';
import { isTrustedSender } from './senderCheck';

/** The slice of ipcMain this wrapper uses (a faithful in-memory pair implements it in tests). */
export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

export interface IpcBinding {
  /** Starts pushing engine events to this window's page. */
  attach(contents: Pick<WebContents, 'send' | 'isDestroyed'>): void;
  dispose(): void;
}

/**
 * The only place ipcMain is used. Every call goes through one handler that checks the
 * sender (our top frame, our URL) and only then hands the raw payload to the contract
 * dispatcher, which validates it. Replies are envelopes; nothing is thrown across IPC.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  opts: { dispatch: Dispatch; bus: EventBus; appUrl: () => string; log: Logger },
): IpcBinding {
  const log = opts.log.child({ part: 'ipc' });
  ipcMain.handle(
    IPC_INVOKE,
    async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown): Promise<Reply> => {
      if (!isTrustedSender(event.senderFrame, opts.appUrl())) {
        log.warn('refused IPC from an untrusted sender', {
          url: event.senderFrame?.url,
          channel: String(channel),
        });
        return {
          ok: false,
          error: new ContractError('forbidden', 'Refused: not sent by the Tether window.').toShape(),
        };
      }
      return opts.dispatch(channel, payload, { transport: 'ipc' });
    },
  );

  const targets = new Set<Pick<WebContents, 'send' | 'isDestroyed'>>();
  const unsubscribe = opts.bus.subscribe((channel, payload) => {
    for (const t of targets) {
      if (t.isDestroyed()) targets.delete(t);
      else t.send(IPC_EVENT, channel, payload);
    }
  });
  return {
    attach(contents) {
      targets.add(contents);
    },
    dispose() {
      unsubscribe();
      targets.clear();
      ipcMain.removeHandler(IPC_INVOKE);
    },
  };
}

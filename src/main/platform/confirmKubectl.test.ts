import { describe, expect, it } from 'vitest';
import { confirmKubectlWith, type MessageDialog } from './confirmKubectl';

describe('confirmKubectlWith', () => {
  it('asks with the path, Cancel as the default, and says yes only for the first button', async () => {
    const asked: Parameters<MessageDialog['showMessageBox']>[0][] = [];
    const answer = { response: 1 };
    const confirm = confirmKubectlWith({ showMessageBox: async (o) => (asked.push(o), answer) });
    expect(await confirm('/Users/me/kubectl')).toBe(false);
    answer.response = 0;
    expect(await confirm('/Users/me/kubectl')).toBe(true);
    expect(asked[0]).toMatchObject({
      message: 'Use /Users/me/kubectl as kubectl?',
      defaultId: 1,
      cancelId: 1,
    });
    expect(asked[0]!.buttons[0]).toBe('Use this kubectl');
  });
});

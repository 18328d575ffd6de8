export * from './channels';
export * from './errors';
export * from './define';
export * from './dispatch';
export * from './client';
export * from './wire';
export * from './bus';

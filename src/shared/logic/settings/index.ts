export * from './appSettings';
export * from './migrate';

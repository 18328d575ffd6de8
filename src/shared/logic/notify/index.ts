export * from './clusterNotices';
export * from './gate';
export * from './route';
export * from './forwardNotices';

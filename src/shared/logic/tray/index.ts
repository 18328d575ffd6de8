export * from './popoverPosition';
export * from './trayState';
export * from './forwardCounts';
export * from './clusterHolds';

// The cluster health model: pure logic the engine feeds with what its informers and probes see.
export * from './config';
export * from './localport';
export * from './errors';
export * from './permissions';
export * from './pods';
export * from './nodes';
export * from './events';
export * from './eventStore';
export * from './hysteresis';
export * from './schedule';
export * from './evaluate';
export * from './summary';
export * from './history';
export * from './coalesce';
export * from './cause';
export * from './listStatus';
export * from './words';

// The cluster health model: pure logic the engine feeds with what its informers and probes see.
// The settings' shape lives in the domain; the rules that read it are here, so both are offered together.
export * from '../../domain/healthConfig';
export * from './config';
export * from './localport';
export * from './errors';
export * from './permissions';
export * from './pods';
export * from './podSummaryCache';
export * from './kubectlPod';
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
export * from './oneShotList';
export * from './accessPlan';

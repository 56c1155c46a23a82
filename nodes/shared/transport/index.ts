export * from './request';
export * from './rateLimiter';

// The prediction cache (Redis, or in process) and the serialized-answer cache of the GET route, as the
// server and `cache warm` build them.
export { Cache, type CacheOptions, type CacheTtls } from '../store/cache/index.js';
export { ResponseCache } from '../store/cache/response-cache.js';

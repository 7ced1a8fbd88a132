/**
 * A Lianxin Redis channel on an ioredis client you pass in: pub/sub or streams.
 *
 * ```ts
 * import { redisChannel } from "@lianxin/notify-redis";
 * const redis = redisChannel({ client, mode: "stream", dedupeTtlSeconds: 600 });
 * ```
 * @module @lianxin/notify-redis
 */

export {
  fromRedisEnvelope,
  type RedisChannelOptions,
  type RedisEnvelope,
  redisChannel,
  toRedisChannelError,
  toRedisEnvelope,
} from "./redis-channel.js";

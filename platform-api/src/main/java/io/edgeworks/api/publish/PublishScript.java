package io.edgeworks.api.publish;

/**
 * The Lua script that changes published state in Redis, atomically: it reconciles the signed manifest and
 * the environment index entries of one account (scope {@code account}, old entries from the account's
 * index) or of all accounts (scope {@code all}, old entries = everything) with the desired state, adopts the new bundles (PERSIST),
 * gives superseded bundles a TTL, and, when anything changed, advances the sequence and publishes one
 * notice naming the accounts whose manifest changed, in canonical {@link io.edgeworks.bundle.NoticeCodec} form — all in one step, so a reader never
 * sees a state without its sequence or a notice before its state.
 *
 * <p>The epoch key names the database that owns the state, and its relays keep a lease key alive. A
 * script run for another database changes nothing and returns {@link #FOREIGN} while that lease lives;
 * once it expired (the owner is gone, e.g. the database was recreated) the state counts as lost.
 * Redis lost its state when the epoch key is missing or the sequence is below the highest sequence
 * PostgreSQL recorded (a restart from an old snapshot). Then an account publication returns
 * {@link #LOST} without changing anything, and a whole-state publication rewrites everything, sets the
 * sequence above the recorded floor and sends a notice with {@code full=true}.
 */
final class PublishScript {
    static final long NOTHING_CHANGED = 0;
    static final long LOST = -1;
    static final long BUNDLE_MISSING = -2;
    static final long FOREIGN = -3;

    private PublishScript() {
    }

    // KEYS: 1 environments, 2 manifests, 3 sequence, 4 accounts, 5 epoch, 6 owner lease
    // ARGV: 1 scope (account|all), 2 slug, 3 desired JSON, 4 bundle key prefix, 5 superseded TTL seconds,
    //       6 notice channel, 7 sequence floor, 8 owner id (the epoch), 9 mode (reconcile|if-lost|full),
    //       10 owner lease in milliseconds
    // desired: {"environments":{key:digest}, "manifests":{slug:envelope}, "accounts":{slug:{"environments":[key…]}}}
    static final String SOURCE = """
            local ENV, MAN, SEQ, ACC, EPOCH, LEASE = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
            local owner = ARGV[8]
            local scope, slug, prefix, ttl, channel, mode = ARGV[1], ARGV[2], ARGV[4], tonumber(ARGV[5]), ARGV[6], ARGV[9]
            local floor = tonumber(ARGV[7])
            local current_seq = tonumber(redis.call('GET', SEQ) or '0')
            local epoch = redis.call('GET', EPOCH)
            local lost = not epoch or current_seq < floor
            if epoch and epoch ~= owner then
              -- another database's state: hands off while its relays are alive (they renew the lease);
              -- an abandoned state (lease expired) is taken over like a lost one
              if redis.call('EXISTS', LEASE) == 1 then return -3 end
              lost = true
            end
            if scope == 'account' and lost then return -1 end
            if mode == 'if-lost' and not lost then return 0 end
            local desired = cjson.decode(ARGV[3])
            for _, digest in pairs(desired.environments) do
              if redis.call('EXISTS', prefix .. digest) == 0 then return -2 end
            end

            local old
            if scope == 'all' then
              old = {environments = redis.call('HKEYS', ENV), manifests = redis.call('HKEYS', MAN)}
            else
              local index = redis.call('HGET', ACC, slug)
              old = index and cjson.decode(index) or {}
              old.manifests = {slug}
            end

            local keep = {}
            for _, digest in pairs(desired.environments) do
              keep[digest] = true
              redis.call('PERSIST', prefix .. digest)
            end
            local function supersede(digest)
              if not keep[digest] then redis.call('EXPIRE', prefix .. digest, ttl) end
            end

            local function reconcile(hash, old_names, wanted, on_replaced)
              local changed = {}
              for name, value in pairs(wanted) do
                local current = redis.call('HGET', hash, name)
                if current ~= value then
                  redis.call('HSET', hash, name, value)
                  changed[#changed + 1] = name
                  if current and on_replaced then on_replaced(current) end
                end
              end
              for _, name in ipairs(old_names or {}) do
                if wanted[name] == nil then
                  local current = redis.call('HGET', hash, name)
                  if current then
                    redis.call('HDEL', hash, name)
                    changed[#changed + 1] = name
                    if on_replaced then on_replaced(current) end
                  end
                end
              end
              table.sort(changed)
              return changed
            end

            local envs = reconcile(ENV, old.environments, desired.environments, supersede)
            local accounts = reconcile(MAN, old.manifests, desired.manifests, nil)

            if scope == 'all' then
              redis.call('DEL', ACC)
              for account, index in pairs(desired.accounts) do redis.call('HSET', ACC, account, cjson.encode(index)) end
            else
              local index = desired.accounts[slug]
              if index then redis.call('HSET', ACC, slug, cjson.encode(index)) else redis.call('HDEL', ACC, slug) end
            end

            local seq
            local full = lost or mode == 'full'
            if full then
              seq = math.max(current_seq, floor) + 1
              redis.call('SET', SEQ, string.format('%d', seq))
              redis.call('SET', EPOCH, owner)
              redis.call('SET', LEASE, owner, 'PX', ARGV[10])
              accounts = {}
            elseif #envs + #accounts == 0 then
              return 0
            else
              seq = redis.call('INCR', SEQ)
            end

            local escapes = {['"'] = '\\\\"', ['\\\\'] = '\\\\\\\\', ['\\b'] = '\\\\b', ['\\f'] = '\\\\f', ['\\n'] = '\\\\n', ['\\r'] = '\\\\r', ['\\t'] = '\\\\t'}
            local function str(s)
              return '"' .. string.gsub(s, '[%z\\1-\\31"\\\\]', function(c)
                return escapes[c] or string.format('\\\\u%04X', string.byte(c))
              end) .. '"'
            end
            local function list(names)
              local parts = {}
              for i, name in ipairs(names) do parts[i] = str(name) end
              return '[' .. table.concat(parts, ',') .. ']'
            end
            local notice = '{"accounts":' .. list(accounts) .. ',"full":' .. tostring(full)
              .. ',"sequence":' .. string.format('%d', seq) .. '}'
            redis.call('PUBLISH', channel, notice)
            return seq
            """;
}

"""The Lua scripts every Redis store runs, their replies, and the feed's timing contract.

Pure constants, no I/O. ``_redis_base`` sends them (keys from ``_redis_layout``); ``_mirror``
reads what they append to the feed. Each script is atomic on the server. On a cluster every
script touches exactly one key; on a single node (no slots) a revocation script also appends
its announcement to the feed (``{prefix}feed``) in the same atomic step (see ``_mirror``,
"The feed").
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ABSENT",
    "ADVANCE_FAMILY",
    "CHARGE",
    "CLOCK_SKEW_S",
    "FEED",
    "FEED_RETENTION_S",
    "LATE",
    "MAX_GAP_S",
    "OVER_SHARE",
    "REUSED",
    "REVOKE_SUBJECT",
    "SET_KEEP_TTL",
    "WRITE_DEADLINE_S",
]

FEED_RETENTION_S = 600
"""How long the feed keeps an announcement (trimmed by MINID, on the server's clock)."""
WRITE_DEADLINE_S = 60
"""On a cluster a write must land within this many seconds of its announcement (or it is
refused, and announced again): a writer that stalls in between cannot write behind the feed's
retention."""
CLOCK_SKEW_S = 240
"""How far the clocks of a cluster's nodes may disagree for the bound above to hold."""
MAX_GAP_S = FEED_RETENTION_S - WRITE_DEADLINE_S - CLOCK_SKEW_S
"""A resync that takes longer, or a follower that has not caught up for longer, starts over:
past it, the feed may have trimmed entries the view never saw."""

# On a cluster every script touches exactly one key. A multi-key command on a slot being
# migrated gets TRYAGAIN whenever its keys are split between the two nodes (a new key always
# is), so it would fail until the move completes; a single-key command just follows
# MOVED/ASK. On a single node (no slots) a revocation script also appends to the feed.

# Replies: the subject's share is full (nothing written); the entry does not exist yet; the
# write came after its announcement's deadline (nothing written: announce again); an older
# refresh token was used again and, with no feed in the script, the family is only marked
# (it can no longer rotate; not yet revoked: the caller announces, then revokes).
OVER_SHARE: Final = -1
ABSENT: Final = 2
LATE: Final = 3
REUSED: Final = 4

# KEYS: share. ARGV: member, ttl ms, limit. Count an entry against its subject's share (a
# sorted set scored by expiry, on the server's clock). Idempotent per member, so a retried
# or raced write is never counted twice; charged before the entry is written, so a write
# that fails afterwards can only over-count (until the member expires), never under-count.
CHARGE = """
local ttl = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return -1 end
end
redis.call('ZADD', KEYS[1], 'GT', now + ttl, ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
"""

# The head of every revocation script (see ``_mirror``, "The feed"). KEYS: entry [, feed].
# ARGV[1..6]: deadline (server ms; 0: none), kind, escaped subject, escaped name, ttl ms,
# feed retention ms. With the feed in KEYS (a single node) the script announces what it
# writes on the feed itself, atomically with the write. Without it (a cluster: the feed is in
# another slot) the caller announced first, and a write after ``deadline`` is refused (LATE)
# so that no write can land after its announcement may have been trimmed.
_HEAD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local deadline = tonumber(ARGV[1])
if deadline > 0 and now > deadline then return 3 end
local ttl = tonumber(ARGV[5])
local function announce(value)
  if not KEYS[2] then return end
  local retention = tonumber(ARGV[6])
  redis.call('XADD', KEYS[2], 'MINID', '~', now - retention, '*',
    'k', ARGV[2], 's', ARGV[3], 'n', ARGV[4], 'v', value, 't', ARGV[5])
  redis.call('PEXPIRE', KEYS[2], retention)
end
"""

# ARGV[7]: value, ARGV[8]: "xx" (only if it exists, else ABSENT) or "any". SET the entry to
# the value, never shortening a longer remaining TTL. revoke_token, and revoke_family (value
# "1": revoked, in place when the family has a record).
SET_KEEP_TTL = (
    _HEAD
    + """
local left = redis.call('PTTL', KEYS[1])
if left == -2 and ARGV[8] == 'xx' then return 2 end
if left > ttl then ttl = left end
redis.call('SET', KEYS[1], ARGV[7], 'PX', ttl)
announce(ARGV[7])
return 1
"""
)

# ARGV[7]: presented jti, ARGV[8]: successor jti, ARGV[9]: "xx" or "any" (as above); no
# deadline (nothing is announced before it). 1: presented was current (or the family is new)
# and successor is now current. An older token used again: with the feed, the family is
# revoked in place and announced, 0 (no new entry: it cannot fail for room). Without it (a
# cluster), REUSED, and the record becomes "u:" (reuse detected, same TTL rules): no token
# is current any more, so the family never rotates again whatever is presented, yet it is no
# revocation (readers treat it as live, ``_redis_layout.family_live``), because the feed has
# not announced it. The caller then announces and revokes; if it dies first, the next
# presentation of any of the family's refresh tokens gets REUSED again, and so completes
# them. A revoked family ("1") is treated the same way: revoked again, announced again.
ADVANCE_FAMILY = (
    _HEAD
    + """
local current = redis.call('GET', KEYS[1])
if not current then
  if ARGV[9] == 'xx' then return 2 end
  redis.call('SET', KEYS[1], 'g:' .. ARGV[8], 'PX', ttl)
  return 1
end
local left = redis.call('PTTL', KEYS[1])
if left > ttl then ttl = left end
if current == 'g:' .. ARGV[7] then
  redis.call('SET', KEYS[1], 'g:' .. ARGV[8], 'PX', ttl)
  return 1
end
if not KEYS[2] then
  if current ~= '1' then redis.call('SET', KEYS[1], 'u:', 'PX', ttl) end
  return 4
end
redis.call('SET', KEYS[1], '1', 'PX', ttl)
announce('1')
return 0
"""
)

# ARGV[7]: before. The value (epoch seconds) becomes max(old, before); the winning string is
# stored (and announced) verbatim (Lua would reformat numbers with 14 digits).
REVOKE_SUBJECT = (
    _HEAD
    + """
local before = ARGV[7]
local current = redis.call('GET', KEYS[1])
if current then
  local old = tonumber(current)
  if old and old > tonumber(before) then before = current end
end
local left = redis.call('PTTL', KEYS[1])
if left > ttl then ttl = left end
redis.call('SET', KEYS[1], before, 'PX', ttl)
announce(before)
return 1
"""
)


# KEYS: the feed. ARGV: kind, subject, name, value, ttl ms, retention ms. One stream entry
# (on a cluster, made before the write; a single node's scripts append the same entry inside
# the write, ``_HEAD``); entries older than the retention are trimmed
# (approximately, by MINID, on the server clock), and an idle feed expires. Returns the
# server's time in ms: the writes it announces must land within WRITE_DEADLINE_S of it.
FEED = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('XADD', KEYS[1], 'MINID', '~', now - tonumber(ARGV[6]), '*',
  'k', ARGV[1], 's', ARGV[2], 'n', ARGV[3], 'v', ARGV[4], 't', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return now
"""

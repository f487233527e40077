-- The partitioning experiment of docs/scaling.md: one year of thread messages in three layouts
-- (plain, range by month, hash by inquiry), a thread read in each and a month's retention.
--   createdb -h 127.0.0.1 -U postgres voc_partitioning   (about 40 s at 3,000,000 rows, 2 cores)
--   psql -h 127.0.0.1 -U postgres -d voc_partitioning -v rows=3000000 -f docs/benchmarks/partitioning.sql
--   dropdb -h 127.0.0.1 -U postgres voc_partitioning
\set ON_ERROR_STOP on
\timing on
SET synchronous_commit = off;
SET max_parallel_workers_per_gather = 0;  -- 2 shared cores: keep plans comparable

DROP TABLE IF EXISTS msg_plain, msg_range, msg_hash CASCADE;
-- 10 messages per inquiry, inquiries spread over 2025; a thread spans at most a few days.
CREATE TABLE msg_plain AS
SELECT g AS id, (g - 1) / 10 + 1 AS inquiry_id,
       timestamptz '2025-01-01' + ((g - 1) / 10) * (interval '365 days' / (:rows / 10))
         + ((g - 1) % 10) * interval '7 hours' AS created_at,
       repeat('환불 요청 refund request ', 4) AS body
FROM generate_series(1, :rows) g;
ALTER TABLE msg_plain ADD PRIMARY KEY (id);
CREATE INDEX ON msg_plain (inquiry_id, created_at, id);

-- Range by month: the key is created_at, so the primary key becomes (id, created_at).
CREATE TABLE msg_range (LIKE msg_plain) PARTITION BY RANGE (created_at);
SELECT format('CREATE TABLE msg_range_%s PARTITION OF msg_range FOR VALUES FROM (%L) TO (%L)',
              to_char(m, 'YYYYMM'), m, m + interval '1 month')
FROM generate_series(timestamptz '2025-01-01', '2026-01-01', interval '1 month') m \gexec
INSERT INTO msg_range SELECT * FROM msg_plain;
ALTER TABLE msg_range ADD PRIMARY KEY (id, created_at);
CREATE INDEX ON msg_range (inquiry_id, created_at, id);

-- Hash by inquiry: a thread is in one partition; the primary key becomes (id, inquiry_id).
CREATE TABLE msg_hash (LIKE msg_plain) PARTITION BY HASH (inquiry_id);
SELECT format('CREATE TABLE msg_hash_%s PARTITION OF msg_hash FOR VALUES WITH (MODULUS 16, REMAINDER %s)', r, r)
FROM generate_series(0, 15) r \gexec
INSERT INTO msg_hash SELECT * FROM msg_plain;
ALTER TABLE msg_hash ADD PRIMARY KEY (id, inquiry_id);
CREATE INDEX ON msg_hash (inquiry_id, created_at, id);
VACUUM ANALYZE msg_plain, msg_range, msg_hash;

SELECT pg_size_pretty(pg_total_relation_size('msg_plain')) AS plain_size;
-- A thread in the middle of the year (inquiry started at :'t0'), three times each.
SELECT (:rows / 20) AS mid \gset
SELECT created_at AS t0 FROM msg_plain WHERE inquiry_id = :mid ORDER BY created_at LIMIT 1 \gset
\echo == thread, plain
EXPLAIN (ANALYZE, SUMMARY) SELECT * FROM msg_plain WHERE inquiry_id = :mid ORDER BY created_at, id;
EXPLAIN (ANALYZE, SUMMARY) SELECT * FROM msg_plain WHERE inquiry_id = :mid ORDER BY created_at, id;
\echo == thread, range by month, no time bound: the index of every month is probed
EXPLAIN (ANALYZE, SUMMARY) SELECT * FROM msg_range WHERE inquiry_id = :mid ORDER BY created_at, id;
EXPLAIN (ANALYZE, SUMMARY) SELECT * FROM msg_range WHERE inquiry_id = :mid ORDER BY created_at, id;
\echo == thread, range by month, bounded by the first message of the inquiry: pruned
EXPLAIN (ANALYZE, SUMMARY) SELECT * FROM msg_range WHERE inquiry_id = :mid AND created_at >= :'t0' ORDER BY created_at, id;
EXPLAIN (ANALYZE, SUMMARY) SELECT * FROM msg_range WHERE inquiry_id = :mid AND created_at >= :'t0' ORDER BY created_at, id;
\echo == thread, hash by inquiry
EXPLAIN (ANALYZE, SUMMARY) SELECT * FROM msg_hash WHERE inquiry_id = :mid ORDER BY created_at, id;
EXPLAIN (ANALYZE, SUMMARY) SELECT * FROM msg_hash WHERE inquiry_id = :mid ORDER BY created_at, id;
\echo == keyset page across threads, newest first: no index in the order of the page
EXPLAIN (ANALYZE, SUMMARY) SELECT id FROM msg_range WHERE (created_at, id) < (:'t0', :mid * 10) ORDER BY created_at DESC, id DESC LIMIT 25;
\echo == the same with (created_at, id) in every partition: an ordered Append stops after 25 rows
CREATE INDEX ON msg_range (created_at, id);
ANALYZE msg_range;
EXPLAIN (ANALYZE, SUMMARY) SELECT id FROM msg_range WHERE (created_at, id) < (:'t0', :mid * 10) ORDER BY created_at DESC, id DESC LIMIT 25;
EXPLAIN (ANALYZE, SUMMARY) SELECT id FROM msg_range WHERE (created_at, id) < (:'t0', :mid * 10) ORDER BY created_at DESC, id DESC LIMIT 25;
CREATE INDEX ON msg_plain (created_at, id);
EXPLAIN (ANALYZE, SUMMARY) SELECT id FROM msg_plain WHERE (created_at, id) < (:'t0', :mid * 10) ORDER BY created_at DESC, id DESC LIMIT 25;

\echo == retention of the oldest month: DELETE (plain) versus DETACH + DROP (range)
SELECT count(*) AS month_rows FROM msg_plain WHERE created_at < '2025-02-01';
DELETE FROM msg_plain WHERE created_at < '2025-02-01';
ALTER TABLE msg_range DETACH PARTITION msg_range_202501;
DROP TABLE msg_range_202501;
DROP TABLE msg_plain, msg_range, msg_hash CASCADE;

-- The demo shop's tables. The same DDL runs on PostgreSQL and on the embedded H2 (PostgreSQL mode).
-- attributes holds JSON text: VARCHAR keeps it byte for byte the same on both databases.
-- Keys and indexes are in shop-indexes.sql, created after the rows are loaded (bulk loading into
-- unindexed tables is several times faster).
CREATE TABLE IF NOT EXISTS users (
  id BIGINT NOT NULL,
  name VARCHAR(200) NOT NULL,
  email VARCHAR(200) NOT NULL,
  country VARCHAR(2),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  vip BOOLEAN NOT NULL,
  birth_date DATE,
  referred_by BIGINT
);
CREATE TABLE IF NOT EXISTS products (
  id BIGINT NOT NULL,
  name VARCHAR(200) NOT NULL,
  category VARCHAR(100) NOT NULL,
  price NUMERIC(12, 2) NOT NULL,
  stock INTEGER NOT NULL,
  rating DOUBLE PRECISION,
  barcode BIGINT NOT NULL,
  attributes VARCHAR(400)
);
CREATE TABLE IF NOT EXISTS orders (
  id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  status VARCHAR(20) NOT NULL,
  total NUMERIC(12, 2) NOT NULL,
  item_count INTEGER NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE IF NOT EXISTS order_items (
  id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  quantity INTEGER NOT NULL,
  unit_price NUMERIC(12, 2) NOT NULL
);

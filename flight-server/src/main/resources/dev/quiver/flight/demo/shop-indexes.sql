-- The demo shop's keys and indexes, created once its rows are loaded. A unique index on id serves as each
-- table's key (unlike a PRIMARY KEY constraint it can be created IF NOT EXISTS on both databases).
CREATE UNIQUE INDEX IF NOT EXISTS users_id ON users (id);
CREATE UNIQUE INDEX IF NOT EXISTS products_id ON products (id);
CREATE UNIQUE INDEX IF NOT EXISTS orders_id ON orders (id);
CREATE UNIQUE INDEX IF NOT EXISTS order_items_id ON order_items (id);
CREATE INDEX IF NOT EXISTS users_referred_by ON users (referred_by);
CREATE INDEX IF NOT EXISTS orders_user_id ON orders (user_id);
CREATE INDEX IF NOT EXISTS order_items_order_id ON order_items (order_id);
CREATE INDEX IF NOT EXISTS order_items_product_id ON order_items (product_id);

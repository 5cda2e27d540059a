CREATE TABLE `stream_price` (
	`create_tx_hash` text PRIMARY KEY NOT NULL,
	`stream_id` text NOT NULL,
	`eth_usd_fixed18` text NOT NULL,
	`recorded_at` text NOT NULL
);

CREATE TABLE `chain_scan` (
	`chain_id` integer NOT NULL,
	`contract_address` text NOT NULL,
	`genesis_hash` text NOT NULL,
	`wallet` text NOT NULL,
	`last_block` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`chain_id`, `contract_address`, `genesis_hash`, `wallet`)
);
--> statement-breakpoint
CREATE TABLE `stream_price` (
	`create_tx_hash` text PRIMARY KEY NOT NULL,
	`stream_id` text NOT NULL,
	`eth_usd_fixed18` text NOT NULL,
	`recorded_at` text NOT NULL
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_stream` (
	`stream_id` text NOT NULL,
	`chain_id` integer NOT NULL,
	`contract_address` text NOT NULL,
	`genesis_hash` text DEFAULT '' NOT NULL,
	`recipient` text NOT NULL,
	`deposit_wei` text NOT NULL,
	`rate_per_second_wei` text NOT NULL,
	`vm_name` text,
	`status` text NOT NULL,
	`create_tx_hash` text,
	`origin` text DEFAULT 'golem' NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`chain_id`, `contract_address`, `genesis_hash`, `stream_id`)
);
--> statement-breakpoint
INSERT INTO `__new_stream`("stream_id", "chain_id", "contract_address", "recipient", "deposit_wei", "rate_per_second_wei", "vm_name", "status", "create_tx_hash", "created_at") SELECT "stream_id", "chain_id", "contract_address", "recipient", "deposit_wei", "rate_per_second_wei", "vm_name", "status", "create_tx_hash", "created_at" FROM `stream`;--> statement-breakpoint
DROP TABLE `stream`;--> statement-breakpoint
ALTER TABLE `__new_stream` RENAME TO `stream`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
ALTER TABLE `operation` ADD `raw_tx` text;--> statement-breakpoint
ALTER TABLE `operation` ADD `nonce` integer;--> statement-breakpoint
ALTER TABLE `operation` ADD `chain_id` integer;--> statement-breakpoint
ALTER TABLE `operation` ADD `contract_address` text;--> statement-breakpoint
ALTER TABLE `operation` ADD `genesis_hash` text;--> statement-breakpoint
ALTER TABLE `vm` ADD `host_key_alias` text;--> statement-breakpoint
ALTER TABLE `vm` ADD `confirmed_at` text;--> statement-breakpoint
ALTER TABLE `vm` ADD `unreachable_since` text;--> statement-breakpoint
ALTER TABLE `vm` ADD `not_found_at` text;--> statement-breakpoint
ALTER TABLE `vm` ADD `operation_id` integer;
CREATE TABLE `operation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`vm_name` text,
	`stream_id` text,
	`tx_hash` text,
	`status` text NOT NULL,
	`detail` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `operation_status_idx` ON `operation` (`status`);--> statement-breakpoint
CREATE TABLE `stream` (
	`stream_id` text PRIMARY KEY NOT NULL,
	`chain_id` integer NOT NULL,
	`contract_address` text NOT NULL,
	`recipient` text NOT NULL,
	`deposit_wei` text NOT NULL,
	`rate_per_second_wei` text NOT NULL,
	`vm_name` text,
	`status` text NOT NULL,
	`create_tx_hash` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `vm` (
	`name` text PRIMARY KEY NOT NULL,
	`vm_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`provider_ip` text NOT NULL,
	`provider_port` integer NOT NULL,
	`cpu` integer NOT NULL,
	`memory` integer NOT NULL,
	`storage` integer NOT NULL,
	`ssh_host` text,
	`ssh_port` integer,
	`stream_id` text,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vm_stream_id_unique` ON `vm` (`stream_id`);
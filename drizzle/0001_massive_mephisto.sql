ALTER TABLE `vm` ADD `confirmed_at` text;--> statement-breakpoint
ALTER TABLE `vm` ADD `unreachable_since` text;--> statement-breakpoint
ALTER TABLE `vm` ADD `not_found_at` text;--> statement-breakpoint
ALTER TABLE `vm` ADD `operation_id` integer;
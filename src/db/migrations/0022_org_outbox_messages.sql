-- Module org: outbox rows may carry their own subject and text (reminders of other modules: a plan item
-- due soon or overdue); an invitation's are still written when read, from its kind.
ALTER TABLE outbox ADD COLUMN subject TEXT;
ALTER TABLE outbox ADD COLUMN body TEXT;

/**
 * X7: the mail outbox (docs/decisions/0014). A mail is a row written in the transaction of the
 * change that causes it; a sender delivers it after commit and records the outcome. `topic_seq`
 * orders the mails of one topic (a student's auth keys, their links) even when two share a
 * millisecond.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const mailOutbox: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('mails')
      .addColumn('mail_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('to_address', 'text', (c) => c.notNull())
      .addColumn('topic', 'text')
      .addColumn('topic_seq', 'integer', (c) => c.notNull())
      .addColumn('mail_json', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('expires_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .execute();
    // The sender's sweep: pending mails by when they are due.
    await db.schema
      .createIndex('mails_due_idx')
      .on('mails')
      .columns(['status', 'next_attempt_at'])
      .execute();
    // A topic's newest mail (the login's "was the key delivered?") and its pending ones.
    await db.schema
      .createIndex('mails_topic_idx')
      .on('mails')
      .columns(['tenant_id', 'topic', 'topic_seq'])
      .execute();
    // The sweep that drops expired secrets: only rows that still hold a mail (partial index).
    await db.schema
      .createIndex('mails_secret_idx')
      .on('mails')
      .column('expires_at')
      .where(sql.ref('mail_json'), 'is not', null)
      .execute();
    // The office's list of undelivered mails.
    await db.schema
      .createIndex('mails_tenant_status_idx')
      .on('mails')
      .columns(['tenant_id', 'status', 'created_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('mails').execute();
  },
};

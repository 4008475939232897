/**
 * Attachments of tasks and process instances. A file attachment's bytes are a content item
 * (`content_item_id`, bytes in the content store); rows written before the content engine
 * keep theirs in the row (bytea), read only by the content route, never with the list.
 */
import type { Queryable } from './database.ts';
import { toCamelRow } from './rows.ts';

export interface AttachmentRow {
  id: string;
  taskId: string | null;
  processInstanceId: string | null;
  userId: string | null;
  name: string;
  description: string | null;
  type: string | null;
  url: string | null;
  /** whether the attachment has content bytes (a content item, or bytes in the row) */
  hasContent: boolean;
  /** the content item holding the bytes; null for links and for bytes kept in the row */
  contentItemId: string | null;
  createdAt: Date;
}

const columns = `id, task_id, process_instance_id, user_id, name, description, type, url,
  (content IS NOT NULL OR content_item_id IS NOT NULL) AS has_content, content_item_id, created_at`;

export const insertAttachment = async (
  db: Queryable,
  a: Omit<AttachmentRow, 'hasContent'>,
): Promise<void> => {
  await db.query(
    `INSERT INTO weir_attachment (id, task_id, process_instance_id, user_id, name, description, type, url, content_item_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      a.id,
      a.taskId,
      a.processInstanceId,
      a.userId,
      a.name,
      a.description,
      a.type,
      a.url,
      a.contentItemId,
      a.createdAt,
    ],
  );
};

export const attachmentsOfTask = async (db: Queryable, taskId: string): Promise<AttachmentRow[]> => {
  const { rows } = await db.query(
    `SELECT ${columns} FROM weir_attachment WHERE task_id = $1 ORDER BY created_at, id`,
    [taskId],
  );
  return rows.map((r) => toCamelRow<AttachmentRow>(r));
};

export const getAttachment = async (db: Queryable, id: string): Promise<AttachmentRow | undefined> => {
  const { rows } = await db.query(`SELECT ${columns} FROM weir_attachment WHERE id = $1`, [id]);
  return rows[0] ? toCamelRow<AttachmentRow>(rows[0]) : undefined;
};

export const attachmentContent = async (db: Queryable, id: string): Promise<Buffer | null> => {
  const { rows } = await db.query<{ content: Buffer | Uint8Array | null }>(
    `SELECT content FROM weir_attachment WHERE id = $1`,
    [id],
  );
  const content = rows[0]?.content;
  return content ? Buffer.from(content) : null;
};

/** Delete an attachment and its content item (whose bytes the content engine then sweeps). */
export const deleteAttachment = async (db: Queryable, id: string): Promise<void> => {
  await db.query(
    `DELETE FROM weir_content_item WHERE id = (SELECT content_item_id FROM weir_attachment WHERE id = $1)`,
    [id],
  );
  await db.query(`DELETE FROM weir_attachment WHERE id = $1`, [id]);
};

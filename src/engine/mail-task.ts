/**
 * Flowable's mail task (`<serviceTask flowable:type="mail">`): build a message from the
 * task's fields and send it over SMTP (nodemailer) inside the command, so that a failure
 * fails the command, or the job of an async task, as in Flowable. With `ignoreException` the
 * failure is logged and its message kept in `exceptionVariableName` instead.
 *
 * An async mail task is sent at least once, not exactly once: the SMTP server may accept the
 * message and the job's transaction still roll back (a later step fails, the node dies, the
 * lease is lost), and the retried job sends it again.
 */
import nodemailer from 'nodemailer';
import type { ServiceTaskNode } from '../model/types.ts';
import { WeirError } from '../errors.ts';
import type { CommandContext } from './context.ts';
import type { ExecutionState } from './runtime-types.ts';
import { parseHeaderLines, readTaskFields, type TaskFields } from './outbound-fields.ts';
import { getVariable, setVariable } from './variable-scope.ts';

/** `flowable.mail.server.*`, as in Flowable's `FlowableMailProperties` */
export interface MailServerSettings {
  host: string;
  port: number;
  /** the port used when `useSsl` is true */
  sslPort: number;
  username?: string;
  password?: string;
  /** TLS from the first byte (SMTPS) */
  useSsl: boolean;
  /** STARTTLS required; when false Weir does not upgrade, as Flowable does not */
  useTls: boolean;
  defaultFrom: string;
  /** when set, every recipient list that has addresses is replaced by this one (test systems) */
  forceTo?: string;
}

export const defaultMailServerSettings: MailServerSettings = {
  host: 'localhost',
  port: 1025,
  sslPort: 1465,
  useSsl: false,
  useTls: false,
  defaultFrom: 'flowable@localhost',
};

// A server that accepts the connection but never greets or answers would otherwise hold the
// command (its instance lock and database connection) for nodemailer's two-minute default.
const CONNECTION_TIMEOUT = 10_000;
const SOCKET_TIMEOUT = 30_000;

const addresses = (value: unknown): string[] => {
  const items = Array.isArray(value)
    ? value.map(String)
    : value === undefined || value === null
      ? []
      : String(value).split(',');
  return items.map((item) => item.trim()).filter((item) => item !== '');
};

const recipients = (f: TaskFields, name: 'to' | 'cc' | 'bcc', forceTo: string | undefined): string[] => {
  const given = addresses(f.raw(name));
  return given.length > 0 && forceTo ? addresses(forceTo) : given;
};

/** `textVar` and `htmlVar` name a variable holding the content; they win over `text` and `html`. */
const content = (ctx: CommandContext, exec: ExecutionState, f: TaskFields, name: 'text' | 'html') => {
  const variable = f.string(`${name}Var`);
  const value = variable ? getVariable(ctx, exec, variable) : f.raw(name);
  return value === undefined || value === null ? undefined : String(value);
};

const send = async (ctx: CommandContext, exec: ExecutionState, node: ServiceTaskNode, f: TaskFields) => {
  const server = ctx.services.config.mailServer;
  const to = recipients(f, 'to', server.forceTo);
  const cc = recipients(f, 'cc', server.forceTo);
  const bcc = recipients(f, 'bcc', server.forceTo);
  if (to.length + cc.length + bcc.length === 0) {
    throw new WeirError(
      'WEIR_MAIL_TASK_FAILED',
      `Mail task '${node.id}': no recipient (to, cc or bcc) is given`,
    );
  }
  const transport = nodemailer.createTransport({
    host: server.host,
    port: server.useSsl ? server.sslPort : server.port,
    secure: server.useSsl,
    requireTLS: server.useTls,
    ignoreTLS: !server.useTls && !server.useSsl,
    auth: server.username ? { user: server.username, pass: server.password ?? '' } : undefined,
    connectionTimeout: CONNECTION_TIMEOUT,
    greetingTimeout: CONNECTION_TIMEOUT,
    socketTimeout: SOCKET_TIMEOUT,
  });
  try {
    await transport.sendMail({
      from: f.string('from') || server.defaultFrom,
      to,
      cc,
      bcc,
      subject: f.string('subject') ?? '',
      text: content(ctx, exec, f, 'text'),
      html: content(ctx, exec, f, 'html'),
      headers: parseHeaderLines(f.string('headers'), node.id, 'WEIR_MAIL_TASK_FAILED').map(
        ([key, value]) => ({
          key,
          value,
        }),
      ),
    });
  } catch (error) {
    if (error instanceof WeirError) throw error;
    throw new WeirError(
      'WEIR_MAIL_TASK_FAILED',
      `Mail task '${node.id}': could not send the mail through ${server.host}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  } finally {
    transport.close();
  }
};

export const runMailTask = async (
  ctx: CommandContext,
  exec: ExecutionState,
  node: ServiceTaskNode,
): Promise<void> => {
  const f = readTaskFields(ctx, exec, node.fields, node.id);
  try {
    await send(ctx, exec, node, f);
  } catch (error) {
    if (!f.bool('ignoreException')) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const inst = ctx.instanceOf(exec);
    ctx.services.log.info(
      { activityId: node.id, processInstanceId: inst.row.id },
      `mail not sent, ignored: ${message}`,
    );
    const variable = f.string('exceptionVariableName');
    if (variable) setVariable(ctx, exec, variable, message);
  }
};

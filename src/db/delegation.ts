import type { Db } from './connection.ts';
import { stmt } from './statements.ts';

export interface DelegationRuleRow {
  id: number;
  project_id: number;
  user_id: number;
  path: string;
  priority: number;
}

export interface DelegationRuleView extends DelegationRuleRow {
  username: string;
}

/** Whether a project has any rule: asked for every ingested patch, most
 * projects have none, and this one-table lookup is planned once where the
 * rules' join is planned again on every run (docs/PERFORMANCE.md). */
export function hasDelegationRules(db: Db, projectId: number): boolean {
  return stmt<[number], { found: number }>(db, 'SELECT EXISTS (SELECT 1 FROM delegation_rules WHERE project_id = ?) AS found').get(projectId)!.found === 1;
}

/** Rules in the order they are tried: highest priority first, then by path. */
export function delegationRules(db: Db, projectId: number): DelegationRuleView[] {
  return stmt<[number], DelegationRuleView>(
    db,
    `SELECT delegation_rules.*, users.username FROM delegation_rules
     JOIN users ON users.id = delegation_rules.user_id
     WHERE project_id = ? ORDER BY priority DESC, path`,
  ).all(projectId);
}

export function insertDelegationRule(db: Db, r: Omit<DelegationRuleRow, 'id'>): number {
  return Number(
    stmt(db, 'INSERT INTO delegation_rules (project_id, user_id, path, priority) VALUES (@project_id, @user_id, @path, @priority)').run(r)
      .lastInsertRowid,
  );
}

export function deleteDelegationRule(db: Db, projectId: number, path: string): boolean {
  return stmt(db, 'DELETE FROM delegation_rules WHERE project_id = ? AND path = ?').run(projectId, path).changes > 0;
}

/**
 * X6: a bad tenant file is refused with every error and its place in the file, one line each:
 * `tenants/demo.json: catalog[3].unitPrice: expected a whole number of yen`. Never a stack trace.
 */
import type * as z from 'zod';

/** One error of one file; `path` is empty for the file as a whole. */
export interface TenantFileProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

/** `['catalog', 3, 'unitPrice']` → `catalog[3].unitPrice`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** zod's issues as problems of `file`; an unknown key is named in the path. */
export function problemsFromZod(file: string, error: z.ZodError): TenantFileProblem[] {
  const problems: TenantFileProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        problems.push({ file, path: formatPath([...issue.path, key]), message: 'unknown key' });
      continue;
    }
    // zod words a missing key as a wrong type ("expected string, received undefined").
    const message =
      issue.code === 'invalid_type' && /received undefined$/.test(issue.message)
        ? `missing (expected ${issue.expected})`
        : issue.message;
    problems.push({ file, path: formatPath(issue.path), message });
  }
  return problems;
}

export function formatProblem(problem: TenantFileProblem): string {
  return problem.path === ''
    ? `${problem.file}: ${problem.message}`
    : `${problem.file}: ${problem.path}: ${problem.message}`;
}

/** Thrown by loadTenants when any file is bad; `message` lists every problem, one a line. */
export class TenantConfigError extends Error {
  override readonly name = 'TenantConfigError' as const;
  constructor(readonly problems: readonly TenantFileProblem[]) {
    super(
      `Tenant configuration refused (${problems.length} ${problems.length === 1 ? 'error' : 'errors'}):\n` +
        problems.map(formatProblem).join('\n'),
    );
  }
}

export function isTenantConfigError(error: unknown): error is TenantConfigError {
  return error instanceof Error && error.name === 'TenantConfigError' && 'problems' in error;
}

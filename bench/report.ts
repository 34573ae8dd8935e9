/**
 * The bench's verdicts. Every target is one line: PASS or FAIL, what it is, on which database, the measured
 * figure and the target; INFO lines are figures without a target. Lines print as they are decided (so a run cut
 * short still shows what it measured) and again together at the end.
 */
export type Verdict = 'PASS' | 'FAIL' | 'INFO';

export interface Line {
  verdict: Verdict;
  name: string;
  db: string;
  figure: string;
  target: string;
  /** Correctness (durability, crediting) fails the run even without --check; performance only with it. */
  correctness?: boolean;
}

export class Report {
  readonly lines: Line[] = [];

  add(line: Line): void {
    this.lines.push(line);
    console.log(`  ${format(line)}`);
  }

  /** A target: PASS when `ok`. */
  target(ok: boolean, line: Omit<Line, 'verdict'>): void {
    this.add({ ...line, verdict: ok ? 'PASS' : 'FAIL' });
  }

  info(line: Omit<Line, 'verdict' | 'target'> & { target?: string }): void {
    this.add({ target: '', ...line, verdict: 'INFO' });
  }

  /** A target that could not be measured counts as missed. */
  unmeasured(name: string, db: string, why: string, correctness = false): void {
    this.add({ verdict: 'FAIL', name, db, figure: `not measured: ${why}`, target: '', correctness });
  }

  summary(): { failed: number; correctnessFailed: number; text: string } {
    const targets = this.lines.filter((line) => line.verdict !== 'INFO');
    const failed = targets.filter((line) => line.verdict === 'FAIL');
    const text = [
      '',
      '== Summary',
      ...this.lines.map((line) => `  ${format(line)}`),
      '',
      `${targets.length} targets: ${targets.length - failed.length} PASS, ${failed.length} FAIL`,
    ].join('\n');
    return { failed: failed.length, correctnessFailed: failed.filter((l) => l.correctness).length, text };
  }
}

function format(line: Line): string {
  const head = `${line.verdict.padEnd(4)}  ${line.name.padEnd(32)} ${line.db.padEnd(10)} ${line.figure}`;
  return line.target ? `${head}  [target ${line.target}]` : head;
}

export const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const int = (n: number) => fmt(n, 0);

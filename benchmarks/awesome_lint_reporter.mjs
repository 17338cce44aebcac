// A reporter for awesome-lint's `--reporter` (benchmarks/vs_awesome_lint.py): every message of every file
// as one JSON array, {file, line, column, rule, message, fatal}, instead of the pretty report.
export function report(files) {
	const out = [];
	for (const file of files) {
		for (const message of file.messages) {
			out.push({
				file: file.path,
				line: message.line ?? null,
				column: message.column ?? null,
				rule: message.ruleId ?? message.source ?? null,
				message: message.reason ?? String(message),
				fatal: message.fatal ?? null,
			});
		}
	}
	return JSON.stringify(out);
}

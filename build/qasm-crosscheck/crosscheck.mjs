// Simulates an OpenQASM 3 program written by Qhml.MLNet (inputs bound: export-qasm --row) with the independent
// quantum-circuit simulator and prints <Z_k> per qubit, one per line, as "k <Z_k>".
// quantum-circuit reads OpenQASM 2 only, so the few OpenQASM 3 spellings we write are translated first;
// gphase is dropped (a global phase changes no probability). Usage: node crosscheck.mjs circuit.qasm
import { readFileSync } from "node:fs";
import QuantumCircuit from "quantum-circuit";

const source = readFileSync(process.argv[2], "utf8");
if (/^\s*input\s/m.test(source)) {
  console.error("The program has unbound inputs; export it with --row (or BoundInputs) first.");
  process.exit(2);
}
const qasm2 = source
  .replace(/OPENQASM 3(\.0)?;/, "OPENQASM 2.0;")
  .replace('include "stdgates.inc";', 'include "qelib1.inc";')
  .replace(/^qubit\[(\d+)\] (\w+);/m, "qreg $2[$1];")
  .replace(/^bit\[(\d+)\] (\w+);/m, "creg $2[$1];")
  .replace(/^(\w+\[\d+\]) = measure (\w+\[\d+\]);/gm, "measure $2 -> $1;")
  .replace(/^gphase\(.*\);$/gm, "")
  .replace(/^U\(/gm, "u3(")
  // OpenQASM 2 reals need a decimal point: rewrite every literal with 17 significant digits.
  .replace(/(?<![\w\[.])(\d+\.?\d*(?:[eE][-+]?\d+)?)(?![\w\]])/g, (m) => Number(m).toPrecision(17));

const circuit = new QuantumCircuit();
circuit.importQASM(qasm2, (errors) => {
  if (errors.length > 0) {
    console.error(JSON.stringify(errors));
    process.exit(1);
  }
});
circuit.run();
const p1 = circuit.probabilities(); // P(qubit k reads 1), wire k = q[k]
p1.forEach((p, k) => console.log(`${k} ${(1 - 2 * p).toPrecision(17)}`));

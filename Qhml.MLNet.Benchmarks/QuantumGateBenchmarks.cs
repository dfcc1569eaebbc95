using System.Numerics;
using BenchmarkDotNet.Attributes;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// Single gates on an n-qubit state. "Lanes" kernels process <see cref="LaneProgram.Lanes"/> samples at
/// once (one per SIMD lane) and are reported per sample; "Single" kernels are the one-sample engine used
/// above 16 qubits and by <see cref="QuantumCircuit.Simulate(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.
/// </summary>
[Config(typeof(QuantumBenchmarkConfig))]
public class QuantumGateBenchmarks
{
    private StateBuffer _state = null!;
    private Vector<double>[] _re = null!, _im = null!, _lre = null!, _lim = null!;
    private IndexMapping _identity = null!;
    private Matrix2x2<Vector<double>> _u;
    private Matrix2x2<double> _ry;

    [Params(4, 8, 12, 16)]
    public int Qubits { get; set; }

    private int Middle => Qubits / 2;

    [GlobalSetup]
    public void Setup()
    {
        _state = new StateBuffer(Qubits);
        _state.Reset();
        int dim = 1 << Qubits;
        _re = new Vector<double>[dim];
        _im = new Vector<double>[dim];
        _lre = new Vector<double>[dim];
        _lim = new Vector<double>[dim];
        _re[0] = Vector<double>.One;
        _lre[0] = Vector<double>.One;
        var cols = new int[Qubits];
        for (int b = 0; b < Qubits; b++)
            cols[b] = 1 << b;
        _identity = new IndexMapping(Qubits, cols);
        _ry = Rotation(RotationAxis.Y, 0.3);
        _u = MatrixMath<Vector<double>, VectorArithmetic>.Multiply(
            MatrixMath<Vector<double>, VectorArithmetic>.Broadcast(Rotation(RotationAxis.Y, 0.3)),
            MatrixMath<Vector<double>, VectorArithmetic>.Broadcast(Rotation(RotationAxis.Z, 0.2)));
    }

    [Benchmark]
    public void SingleRY() => StateKernels.Apply2x2(_state.Re, _state.Im, Qubits, Middle, _ry);

    [Benchmark]
    public void SingleCnot() => StateKernels.Cnot(_state.Re, _state.Im, Qubits, 0, Qubits - 1);

    /// <summary>A fused single-qubit block (complex 2x2), per sample.</summary>
    [Benchmark(OperationsPerInvoke = 4)]
    public void LanesBlock() => LaneKernels.Apply(_re, _im, _identity, Qubits - 1 - Middle, _u, 1 << Qubits);

    /// <summary>The adjoint step of a block: overlap matrix plus un-applying it to both states, per sample.</summary>
    [Benchmark(OperationsPerInvoke = 4)]
    public Vector<double> LanesAdjointBlock()
        => LaneKernels.OverlapAndUnapply(_re, _im, _lre, _lim, _identity, Qubits - 1 - Middle, _u, 1 << Qubits, unapply: true).AR;

    private static Matrix2x2<double> Rotation(RotationAxis axis, double angle)
        => MatrixMath<double, ScalarArithmetic>.Rotation(axis, Math.Cos(0.5 * angle), Math.Sin(0.5 * angle));

    [Benchmark(OperationsPerInvoke = 4)]
    public void LanesCz() => LaneKernels.Cz(_re, _im, _identity, 0, Qubits - 1, 1 << Qubits);
}

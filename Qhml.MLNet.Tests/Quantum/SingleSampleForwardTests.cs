using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Tests.Quantum;

/// <summary>
/// The one-sample forward engine (used for a lone sample in a lane group) must give the lane engine's bits:
/// single-row predictions are compared with batch predictions bit for bit.
/// </summary>
public class SingleSampleForwardTests
{
    private const int Samples = 13;

    [Theory]
    [InlineData(1, 11)]
    [InlineData(2, 12)]
    [InlineData(3, 13)]
    [InlineData(4, 14)]
    [InlineData(5, 15)]
    [InlineData(6, 16)]
    [InlineData(7, 17)]
    [InlineData(8, 18)]
    [InlineData(9, 19)]
    [InlineData(10, 20)]
    [InlineData(11, 21)]
    [InlineData(12, 22)]
    [InlineData(13, 23)]
    [InlineData(14, 24)]
    [InlineData(15, 25)]
    [InlineData(16, 26)]
    public void RandomCircuitsMatchBatchesBitForBit(int qubits, int seed)
    {
        var rng = new Random(seed);
        int gates = qubits <= 12 ? 120 : 40;
        var circuit = RandomCircuits.Create(rng, qubits, gates, 5, 3);
        CheckAgainstBatches(circuit, rng);
    }

    public static TheoryData<int, Entangler, bool, RotationAxis> AnsatzCases()
    {
        var data = new TheoryData<int, Entangler, bool, RotationAxis>();
        var axes = new[] { RotationAxis.Y, RotationAxis.X, RotationAxis.Z };
        int k = 0;
        foreach (int qubits in new[] { 1, 2, 3, 4, 5, 8, 11, 16 })
        {
            foreach (Entangler entangler in Enum.GetValues<Entangler>())
            {
                foreach (bool reupload in new[] { false, true })
                    data.Add(qubits, entangler, reupload, axes[k++ % axes.Length]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AnsatzCases))]
    public void AnsatzMatchesBatchesBitForBit(int qubits, Entangler entangler, bool reupload, RotationAxis encoding)
    {
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options
        {
            Qubits = qubits, Layers = 3, Entangler = entangler, DataReuploading = reupload, Encoding = encoding,
        });
        CheckAgainstBatches(circuit, new Random(qubits * 100 + (int)entangler * 10 + (reupload ? 1 : 0)));
    }

    [Fact]
    public void DefaultAnsatzMatchesBatchesBitForBit()
    {
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 8, Layers = 3 });
        CheckAgainstBatches(circuit, new Random(8));
    }

    /// <summary>The scalar, AVX2 and AVX-512 kernels all give the lane engine's bits, on every qubit count.</summary>
    [Fact]
    public void ScalarAndVectorKernelsMatchTheLaneEngineBitForBit()
    {
        var rng = new Random(31);
        for (int qubits = 1; qubits <= 12; qubits++)
        {
            var circuit = RandomCircuits.Create(rng, qubits, 150, 4, 3);
            var program = CircuitProgram.Compile(circuit);
            var lanes = new LaneProgram(program);
            double[] theta = RandomCircuits.Uniform(rng, program.ParameterCount, Math.PI);
            double[] x = RandomCircuits.Uniform(rng, LaneProgram.Lanes * program.InputCount, Math.PI);
            LaneState laneState = RandomCircuits.LaneForward(lanes, theta, x);

            foreach (KernelIsa isa in new[] { KernelIsa.Scalar, KernelIsa.Avx2, KernelIsa.Avx512 })
            {
                var single = new SingleSampleProgram(lanes, isa);
                bool avx2 = isa >= KernelIsa.Avx2 && SingleSampleKernels.Avx2Supported && qubits >= 3;
                bool avx512 = isa >= KernelIsa.Avx512 && SingleSampleKernels.Avx512Supported && qubits >= 4;
                Assert.Equal(avx512 ? KernelIsa.Avx512 : avx2 ? KernelIsa.Avx2 : KernelIsa.Scalar, single.Isa);
                var ws = new SingleSampleWorkspace(single);
                var e = new double[qubits];
                for (int l = 0; l < LaneProgram.Lanes; l++)
                {
                    single.Forward(ws, theta, x.AsSpan(l * program.InputCount, program.InputCount), e);
                    for (int q = 0; q < qubits; q++)
                        AssertSameBits(laneState.Expectations[q][l], e[q], $"{qubits} qubits, kernels {single.Isa}, lane {l}, qubit {q}");
                }
            }
        }
    }

    [Fact]
    public void AnOddBatchRunsItsLastSampleAloneWithTheSameBits()
    {
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 6, Layers = 2, DataReuploading = true });
        var ev = new CircuitEvaluator(circuit) { MaxDegreeOfParallelism = 1 };
        var rng = new Random(4);
        double[] theta = RandomCircuits.Uniform(rng, ev.ParameterCount, Math.PI);
        double[] x = RandomCircuits.Uniform(rng, 9 * 6, Math.PI);
        var nine = new double[9 * 6];
        ev.Forward(theta, x, nine); // sample 8 is alone in its lane group

        // The same sample as the first lane of a full group.
        double[] x4 = x.AsSpan(8 * 6, 6).ToArray().Concat(x.AsSpan(0, 3 * 6).ToArray()).ToArray();
        var four = new double[4 * 6];
        ev.Forward(theta, x4, four);
        for (int q = 0; q < 6; q++)
            AssertSameBits(four[q], nine[8 * 6 + q], $"qubit {q}");
    }

    [Fact]
    public void AWarmSingleSampleForwardAllocatesNothing()
    {
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 8, Layers = 3 });
        var ev = new CircuitEvaluator(circuit);
        Assert.Equal(SingleSampleKernels.Avx2Supported, ev.UsesSingleSampleForward);
        var rng = new Random(9);
        double[] theta = RandomCircuits.Uniform(rng, ev.ParameterCount, 1);
        double[] x = RandomCircuits.Uniform(rng, 8, 1);
        var e = new double[8];
        ev.Forward(theta, x, e);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
            ev.Forward(theta, x, e);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0L, allocated);

        // An odd batch on one thread: full lane groups plus a lone sample.
        var serial = new CircuitEvaluator(circuit) { MaxDegreeOfParallelism = 1 };
        double[] x9 = RandomCircuits.Uniform(rng, 9 * 8, 1);
        var e9 = new double[9 * 8];
        serial.Forward(theta, x9, e9);
        before = GC.GetAllocatedBytesForCurrentThread();
        serial.Forward(theta, x9, e9);
        Assert.Equal(0L, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// Every sample alone equals, bit for bit, the same sample in batches of 4, 6, 8 and 13 (6 and 13 end with
    /// a group of 2 and of 1, run by the one-sample engine) and as the first lane of a full group (the lane
    /// engine), and the exact simulator within 1e-12.
    /// </summary>
    private static void CheckAgainstBatches(QuantumCircuit circuit, Random rng)
    {
        var ev = new CircuitEvaluator(circuit);
        Assert.True(ev.UsesLanes);
        Assert.Equal(SingleSampleKernels.Avx2Supported, ev.UsesSingleSampleForward);
        int n = ev.QubitCount, inCount = ev.InputCount;
        double[] theta = RandomCircuits.Uniform(rng, ev.ParameterCount, Math.PI);
        double[] x = RandomCircuits.Uniform(rng, Samples * inCount, Math.PI);

        var batches = new Dictionary<int, double[]>();
        foreach (int batch in new[] { 4, 6, 8, Samples })
        {
            var e = new double[batch * n];
            ev.Forward(theta, x.AsSpan(0, batch * inCount), e);
            batches[batch] = e;
        }

        var alone = new double[n];
        var group = new double[4 * n];
        var groupInputs = new double[4 * inCount];
        for (int s = 0; s < Samples; s++)
        {
            ReadOnlySpan<double> row = x.AsSpan(s * inCount, inCount);
            ev.Forward(theta, row, alone);
            for (int l = 0; l < 4; l++)
                x.AsSpan(((s + l) % Samples) * inCount, inCount).CopyTo(groupInputs.AsSpan(l * inCount));
            ev.Forward(theta, groupInputs, group);
            double[] exact = circuit.Simulate(theta, row).ExpectationsZ();
            for (int q = 0; q < n; q++)
            {
                foreach ((int batch, double[] e) in batches)
                {
                    if (s < batch)
                        AssertSameBits(e[s * n + q], alone[q], $"sample {s} of batch {batch}, qubit {q}");
                }

                AssertSameBits(group[q], alone[q], $"sample {s} as lane 0 of a group, qubit {q}");
                Assert.Equal(exact[q], alone[q], 1e-12);
            }
        }
    }

    private static void AssertSameBits(double expected, double actual, string where)
        => Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"{where}: expected {expected:R}, got {actual:R}");
}

using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Tests.Quantum;

public class CircuitEvaluatorTests
{
    private static readonly double[] ReferenceAngles = { 0.3, -1.1, 2.0, 0.7, 0.5, 1.3 };

    private static readonly double[] ReferenceZ = { 0.955336489126, 0.433336926124, -0.048238542847, -0.137925361439 };

    // d<Z_k>/d(angle): rows k, columns RY q0, RY q1, RY q2, RY q3, RZ q1, RX q2.
    private static readonly double[,] ReferenceJacobian =
    {
        { -0.295520207, 0, 0, 0, 0, 0 },
        { -0.134046820, +0.851402910, 0, 0, 0, 0 },
        { +0.014921930, -0.094777143, -0.105403139, 0, 0, +0.173760173 },
        { +0.042665314, -0.270990186, -0.301372413, +0.116172929, 0, 0 },
    };

    /// <summary>The reference circuit; <paramref name="angle"/> gives the source of angle k.</summary>
    private static QuantumCircuit Reference(Func<int, Angle> angle) => new QuantumCircuit(4)
        .RY(0, angle(0)).RY(1, angle(1)).RY(2, angle(2)).RY(3, angle(3))
        .CNOT(0, 1).CNOT(1, 2).CNOT(2, 3)
        .RZ(1, angle(4)).RX(2, angle(5));

    [Fact]
    public void ReferenceCircuitExpectations()
    {
        var constant = Reference(k => ReferenceAngles[k]).Simulate().ExpectationsZ();
        var evaluator = new CircuitEvaluator(Reference(Angle.Parameter));
        var viaEvaluator = new double[4];
        evaluator.Forward(ReferenceAngles, ReadOnlySpan<double>.Empty, viaEvaluator);
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(ReferenceZ[k], constant[k], 1e-12);
            Assert.Equal(ReferenceZ[k], viaEvaluator[k], 1e-12);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReferenceJacobianForParameters(bool parameterShift)
    {
        var evaluator = new CircuitEvaluator(Reference(Angle.Parameter));
        Assert.Equal(6, evaluator.ParameterCount);
        Assert.Equal(0, evaluator.InputCount);
        for (int k = 0; k < 4; k++)
        {
            var g = new double[4];
            g[k] = 1;
            var row = new double[6];
            if (parameterShift)
                evaluator.ParameterShiftGradient(ReferenceAngles, ReadOnlySpan<double>.Empty, g, row, Span<double>.Empty);
            else
                evaluator.Gradient(ReferenceAngles, ReadOnlySpan<double>.Empty, g, row, Span<double>.Empty);
            for (int c = 0; c < 6; c++)
                Assert.Equal(ReferenceJacobian[k, c], row[c], 1e-9);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReferenceJacobianForInputsAndMixedSources(bool parameterShift)
    {
        // RY angles are inputs 0..3, RZ and RX are parameters 0 and 1.
        var evaluator = new CircuitEvaluator(Reference(k => k < 4 ? Angle.Input(k) : Angle.Parameter(k - 4)));
        Assert.Equal(2, evaluator.ParameterCount);
        Assert.Equal(4, evaluator.InputCount);
        double[] parameters = { ReferenceAngles[4], ReferenceAngles[5] };
        double[] inputs = ReferenceAngles[..4];
        for (int k = 0; k < 4; k++)
        {
            var g = new double[4];
            g[k] = 1;
            var pg = new double[2];
            var ig = new double[4];
            if (parameterShift)
                evaluator.ParameterShiftGradient(parameters, inputs, g, pg, ig);
            else
                evaluator.Gradient(parameters, inputs, g, pg, ig);
            for (int c = 0; c < 4; c++)
                Assert.Equal(ReferenceJacobian[k, c], ig[c], 1e-9);
            Assert.Equal(ReferenceJacobian[k, 4], pg[0], 1e-9);
            Assert.Equal(ReferenceJacobian[k, 5], pg[1], 1e-9);
        }
    }

    /// <summary>
    /// Adjoint, parameter-shift and finite differences agree to 1e-9 on random circuits with every gate
    /// kind (parameters shared by several gates, inputs too). Finite differences use the five-point central
    /// stencil with h = 1e-3: truncation error h^4/30 |f^(5)| ~ 1e-13 (f is a trigonometric polynomial
    /// with small frequencies here) and rounding about 1e-15 / h ~ 1e-12, far inside 1e-9; the plain
    /// two-point stencil would need h ~ 1e-5 and sits near 1e-10 to 1e-9 from both errors.
    /// </summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 5)]
    [InlineData(6, 6)]
    [InlineData(7, 7)]
    [InlineData(8, 8)]
    [InlineData(9, 9)]
    [InlineData(10, 10)]
    public void AdjointMatchesParameterShiftAndFiniteDifferences(int qubits, int seed)
    {
        // Both engines: lane-batched (used up to 16 qubits) and one-sample (used above).
        CheckGradients(qubits, seed, useLanes: true);
        CheckGradients(qubits, seed, useLanes: false);
    }

    private static void CheckGradients(int qubits, int seed, bool useLanes)
    {
        var rng = new Random(1000 + seed);
        int parameters = 1 + rng.Next(4), inputs = 1 + rng.Next(3), depth = 5 + rng.Next(40);
        var circuit = RandomCircuits.Create(rng, qubits, depth, parameters, inputs);
        var evaluator = new CircuitEvaluator(circuit, useLanes);
        Assert.Equal(useLanes, evaluator.UsesLanes);
        const int batch = 3;
        double[] theta = RandomCircuits.Uniform(rng, parameters, Math.PI);
        double[] x = RandomCircuits.Uniform(rng, batch * inputs, Math.PI);
        double[] g = RandomCircuits.Uniform(rng, batch * qubits, 1);

        var pgA = new double[parameters];
        var igA = new double[batch * inputs];
        evaluator.Gradient(theta, x, g, pgA, igA);
        var pgS = new double[parameters];
        var igS = new double[batch * inputs];
        evaluator.ParameterShiftGradient(theta, x, g, pgS, igS);

        double Loss(double[] t, double[] xs)
        {
            var e = new double[batch * qubits];
            evaluator.Forward(t, xs, e);
            double l = 0;
            for (int i = 0; i < e.Length; i++)
                l += g[i] * e[i];
            return l;
        }

        double FiniteDifference(double[] vector, int index, Func<double> loss)
        {
            const double h = 1e-3;
            double saved = vector[index];
            double F(double offset)
            {
                vector[index] = saved + offset;
                return loss();
            }

            double d = (F(-2 * h) - 8 * F(-h) + 8 * F(h) - F(2 * h)) / (12 * h);
            vector[index] = saved;
            return d;
        }

        bool anyNonZero = false;
        for (int p = 0; p < parameters; p++)
        {
            double fd = FiniteDifference(theta, p, () => Loss(theta, x));
            Assert.Equal(pgS[p], pgA[p], 1e-9);
            Assert.Equal(fd, pgA[p], 1e-9);
            anyNonZero |= Math.Abs(pgA[p]) > 1e-6;
        }

        for (int i = 0; i < batch * inputs; i++)
        {
            double fd = FiniteDifference(x, i, () => Loss(theta, x));
            Assert.Equal(igS[i], igA[i], 1e-9);
            Assert.Equal(fd, igA[i], 1e-9);
            anyNonZero |= Math.Abs(igA[i]) > 1e-6;
        }

        Assert.True(anyNonZero, "a random circuit should have some non-zero gradient");

        // Forward agrees with the single-state simulation of each sample.
        var e = new double[batch * qubits];
        evaluator.Forward(theta, x, e);
        for (int s = 0; s < batch; s++)
        {
            double[] z = circuit.Simulate(theta, x.AsSpan(s * inputs, inputs)).ExpectationsZ();
            for (int q = 0; q < qubits; q++)
                Assert.Equal(z[q], e[s * qubits + q], 1e-12);
        }
    }

    [Fact]
    public void LaneAndSingleSampleEnginesAgreeOnDeepEntangledCircuits()
    {
        var rng = new Random(77);
        // 14 qubits exercises the lane kernels without precomputed pair lists (above PairListMaxQubits).
        foreach (int qubits in new[] { 2, 9, 12, 14 })
        {
            var circuit = RandomCircuits.Create(rng, qubits, 300, 6, 4);
            var lanes = new CircuitEvaluator(circuit, useLanes: true);
            var single = new CircuitEvaluator(circuit, useLanes: false);
            const int batch = 7;
            double[] theta = RandomCircuits.Uniform(rng, circuit.ParameterCount, Math.PI);
            double[] x = RandomCircuits.Uniform(rng, batch * circuit.InputCount, Math.PI);
            double[] g = RandomCircuits.Uniform(rng, batch * qubits, 1);
            var e1 = new double[batch * qubits];
            var e2 = new double[batch * qubits];
            lanes.Forward(theta, x, e1);
            single.Forward(theta, x, e2);
            var p1 = new double[circuit.ParameterCount];
            var p2 = new double[circuit.ParameterCount];
            var i1 = new double[x.Length];
            var i2 = new double[x.Length];
            lanes.Gradient(theta, x, g, p1, i1);
            single.Gradient(theta, x, g, p2, i2);
            for (int k = 0; k < e1.Length; k++)
                Assert.Equal(e2[k], e1[k], 1e-12);
            for (int k = 0; k < p1.Length; k++)
                Assert.Equal(p2[k], p1[k], 1e-10);
            for (int k = 0; k < i1.Length; k++)
                Assert.Equal(i2[k], i1[k], 1e-10);
        }
    }

    [Fact]
    public void LargeCircuitsUseTheSingleSampleEngine()
    {
        var small = new CircuitEvaluator(new QuantumCircuit(16).H(0));
        var large = new CircuitEvaluator(new QuantumCircuit(17).H(0).RY(16, Angle.Parameter(0)).CNOT(16, 3));
        Assert.True(small.UsesLanes);
        Assert.False(large.UsesLanes);
        var e = new double[17];
        large.Forward(new[] { 0.4 }, ReadOnlySpan<double>.Empty, e);
        Assert.Equal(0, e[0], 1e-12);
        Assert.Equal(Math.Cos(0.4), e[16], 1e-12);
        Assert.Equal(Math.Cos(0.4), e[3], 1e-12);

        // Gradients above 16 qubits: d<Z_3>/dt = d<Z_16>/dt = -sin t.
        var g = new double[17];
        g[3] = 1;
        g[16] = 0.5;
        var adjoint = new double[1];
        var shift = new double[1];
        large.Gradient(new[] { 0.4 }, ReadOnlySpan<double>.Empty, g, adjoint, Span<double>.Empty);
        large.ParameterShiftGradient(new[] { 0.4 }, ReadOnlySpan<double>.Empty, g, shift, Span<double>.Empty);
        Assert.Equal(-1.5 * Math.Sin(0.4), adjoint[0], 1e-12);
        Assert.Equal(-1.5 * Math.Sin(0.4), shift[0], 1e-12);
    }

    [Fact]
    public void TwentyFourQubitsSimulate()
    {
        var c = new QuantumCircuit(QuantumCircuit.MaxQubits).H(0).CNOT(0, 23).RY(12, 0.8).CZ(0, 12);
        var s = c.Simulate();
        Assert.Equal(1 << 24, s.Dimension);
        double c2 = Math.Cos(0.4) * Math.Cos(0.4);
        Assert.Equal(0.5 * c2, s.Probability(0), 1e-12);
        Assert.Equal(0.5 * c2, s.Probability((1 << 23) | 1), 1e-12); // |1 0...0 1>
        Assert.Equal(0.5 * (1 - c2), s.Probability((1 << 23) | (1 << 11) | 1), 1e-12);
        double[] z = s.ExpectationsZ();
        Assert.Equal(0, z[0], 1e-12);
        Assert.Equal(0, z[23], 1e-12);
        Assert.Equal(Math.Cos(0.8), z[12], 1e-12);
        Assert.Equal(1, z[5], 1e-12);
    }

    [Fact]
    public void BatchResultsBitIdenticalForAnyThreadCount()
    {
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 8, Layers = 3 });
        var rng = new Random(7);
        const int batch = 53; // not a multiple of the chunk size
        double[] theta = RandomCircuits.Uniform(rng, circuit.ParameterCount, Math.PI);
        double[] x = RandomCircuits.Uniform(rng, batch * 8, Math.PI);
        double[] g = RandomCircuits.Uniform(rng, batch * 8, 1);

        (double[] E, double[] Pg, double[] Ig, double[] PsPg) Run(int dop)
        {
            var ev = new CircuitEvaluator(circuit) { MaxDegreeOfParallelism = dop };
            var e = new double[batch * 8];
            ev.Forward(theta, x, e);
            var pg = new double[ev.ParameterCount];
            var ig = new double[batch * 8];
            ev.Gradient(theta, x, g, pg, ig);
            var pspg = new double[ev.ParameterCount];
            ev.ParameterShiftGradient(theta, x, g, pspg, new double[batch * 8]);
            return (e, pg, ig, pspg);
        }

        var one = Run(1);
        foreach (int dop in new[] { -1, 2, 3 })
        {
            var many = Run(dop);
            Assert.Equal(one.E, many.E);
            Assert.Equal(one.Pg, many.Pg);
            Assert.Equal(one.Ig, many.Ig);
            Assert.Equal(one.PsPg, many.PsPg);
        }

        // A sample's result does not depend on its batch or position in it (lanes are independent).
        var single = new CircuitEvaluator(circuit);
        var e5 = new double[8];
        var ig5 = new double[8];
        single.Forward(theta, x.AsSpan(5 * 8, 8), e5);
        single.Gradient(theta, x.AsSpan(5 * 8, 8), g.AsSpan(5 * 8, 8), new double[single.ParameterCount], ig5);
        Assert.Equal(one.E.AsSpan(5 * 8, 8).ToArray(), e5);
        Assert.Equal(one.Ig.AsSpan(5 * 8, 8).ToArray(), ig5);
    }

    [Fact]
    public void ParameterGradientIsSumOverSamples()
    {
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 3, Layers = 2 });
        var ev = new CircuitEvaluator(circuit);
        var rng = new Random(3);
        double[] theta = RandomCircuits.Uniform(rng, ev.ParameterCount, Math.PI);
        double[] x = RandomCircuits.Uniform(rng, 20 * 3, Math.PI);
        double[] g = RandomCircuits.Uniform(rng, 20 * 3, 1);
        var total = new double[ev.ParameterCount];
        ev.Gradient(theta, x, g, total, new double[20 * 3]);
        var sum = new double[ev.ParameterCount];
        var part = new double[ev.ParameterCount];
        for (int s = 0; s < 20; s++)
        {
            ev.Gradient(theta, x.AsSpan(s * 3, 3), g.AsSpan(s * 3, 3), part, new double[3]);
            for (int p = 0; p < part.Length; p++)
                sum[p] += part[p];
        }

        for (int p = 0; p < sum.Length; p++)
            Assert.Equal(sum[p], total[p], 1e-12);
    }

    [Fact]
    public void BadEvaluationInputsThrowWithDetails()
    {
        var circuit = new QuantumCircuit(2).RY(0, Angle.Input(0)).RY(1, Angle.Input(1)).RZ(1, Angle.Parameter(0)).RX(1, Angle.Parameter(1)).CNOT(0, 1);
        var ev = new CircuitEvaluator(circuit);
        double[] theta = { 0.1, 0.2 };
        double[] x = { 0.1, 0.2, 0.3, 0.4 };
        var e = new double[4];
        var Check = QuantumCircuitTests.AssertThrowsWith;

        Check(() => ev.Forward(new[] { 0.1 }, x, e), "Expected 2 parameter", "got 1");
        Check(() => ev.Forward(new[] { 0.1, double.NaN }, x, e), "Parameter 1", "NaN", "RX", "qubit 1");
        Check(() => ev.Forward(theta, new[] { 0.1, 0.2, double.PositiveInfinity, 0.4 }, e), "Sample 1", "input slot 0", "Infinity", "RY", "qubit 0");
        Check(() => ev.Forward(theta, new[] { 0.1, 0.2, 0.3 }, e), "inputs length 3", "4");
        Check(() => ev.Forward(theta, x, new double[3]), "expectations length 3", "qubit count 2");
        Check(() => ev.Forward(theta, x, new double[6]), "inputs length 4", "6");
        var g = new double[4];
        Check(() => ev.Gradient(theta, x, g, new double[3], new double[4]), "parameterGradient", "length 2", "got 3");
        Check(() => ev.Gradient(theta, x, g, new double[2], new double[3]), "inputGradients", "4", "got 3");
        Check(() => ev.Gradient(theta, x, new[] { 0, 0, double.NaN, 0 }, new double[2], new double[4]), "sample 1", "qubit 0", "NaN");
        Check(() => ev.ParameterShiftGradient(new[] { double.NegativeInfinity, 0 }, x, g, new double[2], new double[4]), "Parameter 0", "-Infinity", "RZ", "qubit 1");
        Check(() => ev.MaxDegreeOfParallelism = 0, "MaxDegreeOfParallelism", "0");
    }

    [Fact]
    public void NoAllocationPerSample()
    {
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 6, Layers = 2 });
        var ev = new CircuitEvaluator(circuit) { MaxDegreeOfParallelism = 1 };
        var rng = new Random(5);
        double[] theta = RandomCircuits.Uniform(rng, ev.ParameterCount, 1);

        long Allocated(int batch)
        {
            double[] x = RandomCircuits.Uniform(rng, batch * 6, 1);
            double[] g = RandomCircuits.Uniform(rng, batch * 6, 1);
            var e = new double[batch * 6];
            var pg = new double[ev.ParameterCount];
            var ig = new double[batch * 6];
            ev.Forward(theta, x, e); // warm up the pools
            ev.Gradient(theta, x, g, pg, ig);
            long before = GC.GetAllocatedBytesForCurrentThread();
            ev.Forward(theta, x, e);
            ev.Gradient(theta, x, g, pg, ig);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        long small = Allocated(8), large = Allocated(400);
        Assert.Equal(small, large);
        Assert.True(large < 1024, $"{large} bytes allocated per call");
    }

    [Fact]
    public void AWarmCallOnTheCallingThreadAllocatesNothing()
    {
        // The PredictionEngine path: one sample, default thread setting (one chunk runs on the calling thread).
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 8, Layers = 3 });
        var ev = new CircuitEvaluator(circuit);
        var rng = new Random(6);
        double[] theta = RandomCircuits.Uniform(rng, ev.ParameterCount, 1);
        double[] x = RandomCircuits.Uniform(rng, 8, 1), g = RandomCircuits.Uniform(rng, 8, 1);
        var e = new double[8];
        var pg = new double[ev.ParameterCount];
        var ig = new double[8];
        ev.Forward(theta, x, e);
        ev.Gradient(theta, x, g, pg, ig);

        long before = GC.GetAllocatedBytesForCurrentThread();
        ev.Forward(theta, x, e);
        long forward = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        ev.Gradient(theta, x, g, pg, ig);
        long gradient = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((0L, 0L), (forward, gradient));
    }

    [Fact]
    public void ConcurrentCallsOnOneEvaluatorAgree()
    {
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 5, Layers = 2, DataReuploading = true });
        var ev = new CircuitEvaluator(circuit);
        var rng = new Random(9);
        double[] theta = RandomCircuits.Uniform(rng, ev.ParameterCount, 1);
        double[] x = RandomCircuits.Uniform(rng, 40 * 5, 1);
        double[] g = RandomCircuits.Uniform(rng, 40 * 5, 1);
        var expected = new double[ev.ParameterCount];
        ev.Gradient(theta, x, g, expected, new double[x.Length]);
        var results = new double[8][];
        Parallel.For(0, 8, k =>
        {
            var pg = new double[ev.ParameterCount];
            ev.Gradient(theta, x, g, pg, new double[x.Length]);
            results[k] = pg;
        });
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void EmptyBatchIsAllowed()
    {
        var ev = new CircuitEvaluator(new QuantumCircuit(2).RY(0, Angle.Input(0)).RY(1, Angle.Parameter(0)));
        var pg = new double[] { 42 };
        ev.Forward(new[] { 0.1 }, ReadOnlySpan<double>.Empty, Span<double>.Empty);
        ev.Gradient(new[] { 0.1 }, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, pg, Span<double>.Empty);
        Assert.Equal(0, pg[0]);
    }
}

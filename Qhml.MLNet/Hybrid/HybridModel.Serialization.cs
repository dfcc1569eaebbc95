using System.Globalization;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Hybrid;

public sealed partial class HybridModel
{
    // Opens every saved hybrid model: the bytes "QHMLYB", 0x01, 0x00 (little-endian Int64).
    private const long Magic = 0x0142594C4D4851;
    /// <summary>Current format version written by <see cref="Save"/>.</summary>
    // Version history: 1 = first release; 2 = adds the initial (pre-training) train and validation losses;
    // 3 = adds SinglePrecisionFirstLayer (older models computed that layer in double and still do, so they predict as before);
    // 4 = appends the optional linear path (HybridModel.LinearPath.Serialization.cs; older models have none).
    public const int FormatVersion = 4;

    /// <summary>Writes the model (architecture, parameters, statistics, label scaling, diagnostics); bit-exact.</summary>
    /// <param name="writer">The destination.</param>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var a = Architecture;
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(a.FeatureCount);
        WriteInts(writer, a.HiddenLayers.ToArray());
        writer.Write((int)a.Activation);
        writer.Write(a.NumberOfQubits);
        writer.Write(a.NumberOfLayers);
        writer.Write((int)a.EncodingAxis);
        writer.Write((int)a.Entangler);
        writer.Write(a.ReUploading);
        writer.Write((int)a.InterfaceNormalization);
        writer.Write(a.AngleHalfRange);
        writer.Write(a.Moderation);
        writer.Write(a.BatchNormEpsilon);
        writer.Write((int)a.Head);
        writer.Write(a.ClassicalHeadHiddenUnits);
        writer.Write(a.SinglePrecisionFirstLayer);
        writer.Write(LabelMean);
        writer.Write(LabelStandardDeviation);
        WriteDoubles(writer, _parameters);
        WriteDoubles(writer, _first);
        WriteDoubles(writer, _second);
        var d = Diagnostics;
        writer.Write(d.InitialTrainLoss);
        writer.Write(d.InitialValidationLoss);
        WriteDoubles(writer, d.EpochTrainLoss.ToArray());
        WriteDoubles(writer, d.EpochValidationLoss.ToArray());
        writer.Write(d.BestEpoch);
        writer.Write(d.TrainingRowCount);
        writer.Write(d.ValidationRowCount);
        writer.Write(d.SkippedNaNLabelRows);
        writer.Write(d.SkippedInvalidFeatureRows);
        var h = d.InterfaceHistogram;
        writer.Write(h.RangeLow);
        writer.Write(h.RangeHigh);
        WriteInts(writer, h.Counts.ToArray());
        writer.Write(h.BelowRange);
        writer.Write(h.AboveRange);
        writer.Write(h.SaturatedFraction);
        WriteLinearPath(writer, Linear);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="reader">The source.</param>
    /// <returns>The model, predicting bit-identically to the saved one.</returns>
    /// <exception cref="InvalidDataException">Not a hybrid model, an unknown format version, or inconsistent content.</exception>
    public static HybridModel Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadInt64() != Magic)
            throw new InvalidDataException("The stream does not hold a Qhml hybrid model (wrong magic number).");
        int version = reader.ReadInt32();
        CheckVersion(version);
        int featureCount = reader.ReadInt32();
        Require(featureCount >= 1, $"feature count {featureCount}; expected at least 1");
        int[] hidden = ReadInts(reader);
        foreach (int units in hidden)
            Require(units >= 1, $"hidden layer of {units} units; expected at least 1");
        var activation = ReadEnum<HybridActivation>(reader);
        int qubits = reader.ReadInt32();
        Require(qubits >= 1 && qubits <= MaxQubits, $"{qubits} qubits; expected 1 to {MaxQubits}");
        int layers = reader.ReadInt32();
        Require(layers >= 1, $"{layers} circuit layers; expected at least 1");
        var encoding = ReadEnum<RotationAxis>(reader);
        var entangler = ReadEnum<Entangler>(reader);
        bool reUploading = reader.ReadBoolean();
        var normalization = ReadEnum<InterfaceNormalization>(reader);
        double halfRange = reader.ReadDouble(), moderation = reader.ReadDouble(), epsilon = reader.ReadDouble();
        RequirePositive(halfRange, "angle half-range");
        RequirePositive(moderation, "moderation");
        RequirePositive(epsilon, "batch-norm epsilon");
        var head = ReadEnum<HybridHeadKind>(reader);
        int classicalUnits = reader.ReadInt32();
        Require(classicalUnits >= 0, $"{classicalUnits} classical head units; expected 0 or more");
        bool singleFirstLayer = version >= 3 && reader.ReadBoolean();
        // The architecture decides how much the components allocate: refuse sizes the remaining bytes cannot hold
        // (every weight is stored as 8 bytes) before allocating anything.
        long weights = MinimumStoredWeights(featureCount, hidden, qubits, layers, head, classicalUnits);
        Require(weights <= Remaining(reader) / sizeof(double), $"an architecture of at least {weights} weights, more than the remaining {Remaining(reader)} bytes hold");
        var architecture = new HybridArchitecture(featureCount, hidden, activation, qubits, layers, encoding, entangler, reUploading,
            normalization, halfRange, moderation, epsilon, head, classicalUnits, singleFirstLayer);
        var components = HybridComponents.Create(architecture);
        double labelMean = reader.ReadDouble(), labelSd = reader.ReadDouble();
        Require(double.IsFinite(labelMean), $"label mean {labelMean}; expected a finite value");
        RequirePositive(labelSd, "label standard deviation");
        double[] parameters = ReadDoubles(reader);
        double[] first = ReadDoubles(reader), second = ReadDoubles(reader);
        if (parameters.Length != components.ParameterCount || first.Length != qubits || second.Length != qubits)
            throw new InvalidDataException(
                string.Create(CultureInfo.InvariantCulture, $"The saved model holds {parameters.Length} parameters and {first.Length}/{second.Length} statistics; its architecture needs {components.ParameterCount} and {qubits}."));
        RequireFinite(parameters, "parameter");
        RequireFinite(first, "interface statistic (first)");
        RequireFinite(second, "interface statistic (second)");
        for (int j = 0; j < qubits; j++)
        {
            // MinMax keeps (minimum, maximum); the others (mean, variance) or the unused defaults (0, 1).
            bool ordered = normalization == InterfaceNormalization.MinMax ? second[j] >= first[j] : second[j] >= 0;
            Require(ordered, $"interface statistics ({first[j]}, {second[j]}) for qubit {j}, impossible for {normalization}");
        }
        double initialTrain = version >= 2 ? reader.ReadDouble() : double.NaN;
        double initialValid = version >= 2 ? reader.ReadDouble() : double.NaN;
        double[] trainLoss = ReadDoubles(reader), validLoss = ReadDoubles(reader);
        int bestEpoch = reader.ReadInt32(), trainRows = reader.ReadInt32(), validRows = reader.ReadInt32();
        int skippedNaN = reader.ReadInt32(), skippedBad = reader.ReadInt32();
        Require(trainRows >= 0 && validRows >= 0 && skippedNaN >= 0 && skippedBad >= 0,
            $"row counts {trainRows}/{validRows}/{skippedNaN}/{skippedBad}; expected none negative");
        double lo = reader.ReadDouble(), hi = reader.ReadDouble();
        int[] counts = ReadInts(reader);
        long below = reader.ReadInt64(), above = reader.ReadInt64();
        double saturated = reader.ReadDouble();
        Require(counts.All(c => c >= 0) && below >= 0 && above >= 0, $"a negative interface histogram count");
        var diagnostics = new HybridTrainingDiagnostics(initialTrain, initialValid, trainLoss, validLoss, bestEpoch, trainRows, validRows, skippedNaN, skippedBad,
            new InterfaceHistogram(lo, hi, counts, below, above, saturated));
        LinearPath? linear = ReadLinearPath(reader, version, featureCount);
        return new HybridModel(components, parameters, first, second, labelMean, labelSd, diagnostics, linear);
    }

    /// <summary>Throws the "unsupported version" error for a blob written by <see cref="Save"/> whose version this library cannot read.</summary>
    /// <param name="blob">The start of the blob (at least 12 bytes to check anything).</param>
    /// <exception cref="InvalidDataException">The blob holds a hybrid model of an unsupported version.</exception>
    internal static void CheckFormatVersion(ReadOnlySpan<byte> blob)
    {
        if (blob.Length >= 12 && BitConverter.ToInt64(blob) == Magic)
            CheckVersion(BitConverter.ToInt32(blob[8..]));
    }

    private const int MaxQubits = HybridDefaults.MaxNumberOfQubits; // what the engine runs, as in HybridOptions.Validate

    private static void CheckVersion(int version)
    {
        if (version < 1 || version > FormatVersion)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Hybrid model format version {version} is not supported; this library reads versions 1 to {FormatVersion}."));
    }

    // A lower bound on the stored weights: the dense layers (and biases) plus one head weight per qubit and layer.
    private static long MinimumStoredWeights(int featureCount, int[] hidden, int qubits, int layers, HybridHeadKind head, int classicalUnits)
    {
        long weights = 0;
        long inputs = featureCount;
        foreach (int units in hidden.Append(qubits))
        {
            weights += (inputs + 1) * units;
            inputs = units;
        }
        if (hidden.Length == 0)
            weights = 0; // without hidden layers the features feed the interface directly
        weights += head == HybridHeadKind.Quantum ? (long)qubits * layers : (long)qubits * classicalUnits;
        return weights;
    }

    private static long Remaining(BinaryReader reader)
        => reader.BaseStream.CanSeek ? reader.BaseStream.Length - reader.BaseStream.Position : long.MaxValue;

    private static void Require(bool ok, FormattableString what)
    {
        if (!ok)
            throw new InvalidDataException("The saved model has " + what.ToString(CultureInfo.InvariantCulture) + ".");
    }

    private static void RequirePositive(double value, string what)
        => Require(double.IsFinite(value) && value > 0, $"{what} {value}; expected a positive finite value");

    private static void RequireFinite(double[] values, string what)
    {
        int bad = Array.FindIndex(values, v => !double.IsFinite(v));
        Require(bad < 0, $"{what} {bad} = {(bad < 0 ? 0 : values[bad])}; expected a finite value");
    }

    private static T ReadEnum<T>(BinaryReader reader) where T : struct, Enum
    {
        int raw = reader.ReadInt32();
        T value = (T)(object)raw;
        if (!Enum.IsDefined(value))
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The saved model has {typeof(T).Name} value {raw}, which this library does not know."));
        return value;
    }

    private static void WriteDoubles(BinaryWriter w, double[] values)
    {
        w.Write(values.Length);
        foreach (double v in values)
            w.Write(v);
    }

    private static double[] ReadDoubles(BinaryReader r)
    {
        int n = r.ReadInt32();
        Require(n >= 0 && n <= Remaining(r) / sizeof(double), $"an array length of {n}, more than the remaining {Remaining(r)} bytes hold");
        var values = new double[n];
        for (int i = 0; i < n; i++)
            values[i] = r.ReadDouble();
        return values;
    }

    private static void WriteInts(BinaryWriter w, int[] values)
    {
        w.Write(values.Length);
        foreach (int v in values)
            w.Write(v);
    }

    private static int[] ReadInts(BinaryReader r)
    {
        int n = r.ReadInt32();
        Require(n >= 0 && n <= Remaining(r) / sizeof(int), $"an array length of {n}, more than the remaining {Remaining(r)} bytes hold");
        var values = new int[n];
        for (int i = 0; i < n; i++)
            values[i] = r.ReadInt32();
        return values;
    }
}

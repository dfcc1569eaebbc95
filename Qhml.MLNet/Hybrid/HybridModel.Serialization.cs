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
        if (version < 1 || version > FormatVersion)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Hybrid model format version {version} is not supported; this library reads versions 1 to {FormatVersion}."));
        int featureCount = reader.ReadInt32();
        int[] hidden = ReadInts(reader);
        var activation = ReadEnum<HybridActivation>(reader);
        int qubits = reader.ReadInt32();
        int layers = reader.ReadInt32();
        var encoding = ReadEnum<RotationAxis>(reader);
        var entangler = ReadEnum<Entangler>(reader);
        bool reUploading = reader.ReadBoolean();
        var normalization = ReadEnum<InterfaceNormalization>(reader);
        double halfRange = reader.ReadDouble(), moderation = reader.ReadDouble(), epsilon = reader.ReadDouble();
        var head = ReadEnum<HybridHeadKind>(reader);
        int classicalUnits = reader.ReadInt32();
        bool singleFirstLayer = version >= 3 && reader.ReadBoolean();
        var architecture = new HybridArchitecture(featureCount, hidden, activation, qubits, layers, encoding, entangler, reUploading,
            normalization, halfRange, moderation, epsilon, head, classicalUnits, singleFirstLayer);
        var components = HybridComponents.Create(architecture);
        double labelMean = reader.ReadDouble(), labelSd = reader.ReadDouble();
        double[] parameters = ReadDoubles(reader);
        double[] first = ReadDoubles(reader), second = ReadDoubles(reader);
        if (parameters.Length != components.ParameterCount || first.Length != qubits || second.Length != qubits)
            throw new InvalidDataException(
                string.Create(CultureInfo.InvariantCulture, $"The saved model holds {parameters.Length} parameters and {first.Length}/{second.Length} statistics; its architecture needs {components.ParameterCount} and {qubits}."));
        double initialTrain = version >= 2 ? reader.ReadDouble() : double.NaN;
        double initialValid = version >= 2 ? reader.ReadDouble() : double.NaN;
        double[] trainLoss = ReadDoubles(reader), validLoss = ReadDoubles(reader);
        int bestEpoch = reader.ReadInt32(), trainRows = reader.ReadInt32(), validRows = reader.ReadInt32();
        int skippedNaN = reader.ReadInt32(), skippedBad = reader.ReadInt32();
        double lo = reader.ReadDouble(), hi = reader.ReadDouble();
        int[] counts = ReadInts(reader);
        long below = reader.ReadInt64(), above = reader.ReadInt64();
        double saturated = reader.ReadDouble();
        var diagnostics = new HybridTrainingDiagnostics(initialTrain, initialValid, trainLoss, validLoss, bestEpoch, trainRows, validRows, skippedNaN, skippedBad,
            new InterfaceHistogram(lo, hi, counts, below, above, saturated));
        LinearPath? linear = ReadLinearPath(reader, version, featureCount);
        return new HybridModel(components, parameters, first, second, labelMean, labelSd, diagnostics, linear);
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
        if (n < 0 || n > 100_000_000)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The saved model has an array length of {n}."));
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
        if (n < 0 || n > 100_000_000)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The saved model has an array length of {n}."));
        var values = new int[n];
        for (int i = 0; i < n; i++)
            values[i] = r.ReadInt32();
        return values;
    }
}

using System.Globalization;

namespace Qhml.MLNet.Hybrid;

public sealed partial class HybridModel
{
    // Format 4 appends the linear path after everything format 3 wrote: a presence flag, then the weight
    // count (must equal the feature count), the weights, the bias, the L2 and the hybrid term's weight.
    private const int FirstVersionWithLinearPath = 4;

    private static void WriteLinearPath(BinaryWriter writer, LinearPath? linear)
    {
        writer.Write(linear is not null);
        if (linear is null)
            return;
        WriteDoubles(writer, linear.RawWeights);
        writer.Write(linear.Bias);
        writer.Write(linear.L2);
        writer.Write(linear.HybridWeight);
    }

    // Untrusted input: the count must match the features, every value must be finite and the weight in [0, 1]
    // (the LinearPath constructor checks the values and throws InvalidDataException).
    private static LinearPath? ReadLinearPath(BinaryReader reader, int version, int featureCount)
    {
        if (version < FirstVersionWithLinearPath || !reader.ReadBoolean())
            return null;
        int count = reader.ReadInt32();
        if (count != featureCount)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The saved model's linear path has {count} weights; the model has {featureCount} features."));
        var weights = new double[count];
        for (int j = 0; j < count; j++)
            weights[j] = reader.ReadDouble();
        double bias = reader.ReadDouble(), l2 = reader.ReadDouble(), hybridWeight = reader.ReadDouble();
        return new LinearPath(weights, bias, l2, hybridWeight);
    }
}

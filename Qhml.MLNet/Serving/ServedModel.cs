using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Serving;

/// <summary>
/// One loaded, verified model and its pool of PredictionEngines. Immutable once built: a reload builds a new one and
/// swaps it in, so a request that rented an engine here finishes here.
/// </summary>
internal sealed class ServedModel<TInput, TOutput> : IDisposable
    where TInput : class, new()
    where TOutput : class, new()
{
    private readonly ObjectPool<PredictionEngine<TInput, TOutput>> _engines;

    private ServedModel(ServedModelInfo info, ObjectPool<PredictionEngine<TInput, TOutput>> engines)
    {
        Info = info;
        _engines = engines;
    }

    public ServedModelInfo Info { get; }

    /// <summary>Rents an engine; false once this model was retired by a reload (the caller then uses the new one).</summary>
    public bool TryRent(out PredictionEngine<TInput, TOutput> engine)
    {
        try
        {
            engine = _engines.Get();
            return true;
        }
        catch (ObjectDisposedException)
        {
            engine = null!;
            return false;
        }
    }

    /// <summary>Gives an engine back; an engine returned after this model was retired is disposed.</summary>
    public void Return(PredictionEngine<TInput, TOutput> engine) => _engines.Return(engine);

    /// <summary>Retires the model: idle engines are disposed now, engines still scoring when they come back.</summary>
    public void Dispose() => (_engines as IDisposable)?.Dispose();

    /// <summary>Loads the snapshot's bytes, checks the model scores the probe row to a finite value, and warms the pool.</summary>
    /// <exception cref="InvalidDataException">The file is not a model, does not fit the row types, or scores the probe to NaN or infinity.</exception>
    public static ServedModel<TInput, TOutput> Load(string name, ModelFileSnapshot file, QhmlModelOptions<TInput, TOutput> options, Func<TOutput, float> score, int generation)
    {
        var clock = Stopwatch.StartNew();
        var mlContext = new MLContext();
        ITransformer model = ModelFileLoader.Load(mlContext, file.Bytes, file.FilePath, out DataViewSchema inputSchema);
        SchemaDefinition rowSchema = InputDefinition(inputSchema);
        var policy = new EnginePolicy(mlContext, model, rowSchema, file.FilePath);
        var engines = new DefaultObjectPoolProvider { MaximumRetained = Math.Max(1, options.MaximumRetainedEngines) }.Create(policy);

        // Verify, and create one engine per core now so the first requests after a swap do not pay for it.
        var warm = new List<PredictionEngine<TInput, TOutput>>();
        try
        {
            for (int i = 0; i < Math.Min(Environment.ProcessorCount, Math.Max(1, options.MaximumRetainedEngines)); i++)
                warm.Add(engines.Get());
            Verify(warm[0], options.Probe?.Invoke() ?? ZeroProbe(rowSchema), score, file.FilePath);
        }
        catch
        {
            foreach (var engine in warm)
                engine.Dispose();
            throw;
        }
        foreach (var engine in warm)
            engines.Return(engine);

        var info = new ServedModelInfo(name, file.FilePath, file.ContentHash, DateTimeOffset.UtcNow, clock.Elapsed, TrainerOf(model), inputSchema, generation);
        return new ServedModel<TInput, TOutput>(info, engines);
    }

    private static void Verify(PredictionEngine<TInput, TOutput> engine, TInput probe, Func<TOutput, float> score, string filePath)
    {
        float probeScore;
        try
        {
            probeScore = score(engine.Predict(probe));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new InvalidDataException($"'{filePath}' failed to score the probe row: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
        if (!float.IsFinite(probeScore))
            throw new InvalidDataException(FormattableString.Invariant($"'{filePath}' scores the probe row to {probeScore}; a model that serves must score it to a finite value."));
    }

    /// <summary>The row type's schema with every variable-size vector given the size the model's input column has
    /// (a <c>float[] Features</c> member then fits a model trained on 706 genes without attributes).</summary>
    private static SchemaDefinition InputDefinition(DataViewSchema inputSchema)
    {
        SchemaDefinition definition = SchemaDefinition.Create(typeof(TInput), SchemaDefinition.Direction.Read);
        foreach (SchemaDefinition.Column column in definition)
        {
            if (column.ColumnType is VectorDataViewType { Size: 0 } open
                && inputSchema.GetColumnOrNull(column.ColumnName)?.Type is VectorDataViewType { Size: > 0 } saved
                && saved.ItemType.Equals(open.ItemType))
                column.ColumnType = saved;
        }
        return definition;
    }

    /// <summary>A new row whose array members are zero vectors of the model's sizes.</summary>
    private static TInput ZeroProbe(SchemaDefinition rowSchema)
    {
        var probe = new TInput();
        foreach (SchemaDefinition.Column column in rowSchema)
        {
            if (column.ColumnType is not VectorDataViewType { Size: > 0 } vector)
                continue;
            MemberInfo? member = typeof(TInput).GetMember(column.MemberName, BindingFlags.Public | BindingFlags.Instance).FirstOrDefault();
            switch (member)
            {
                case PropertyInfo { PropertyType.IsArray: true, CanWrite: true } property:
                    property.SetValue(probe, Array.CreateInstance(property.PropertyType.GetElementType()!, vector.Size));
                    break;
                case FieldInfo { FieldType.IsArray: true } field:
                    field.SetValue(probe, Array.CreateInstance(field.FieldType.GetElementType()!, vector.Size));
                    break;
            }
        }
        return probe;
    }

    /// <summary>The predictor's type name (e.g. <c>QuantumHybridModelParameters</c>): the last prediction transformer of the chain.</summary>
    private static string TrainerOf(ITransformer model)
    {
        ITransformer last = model;
        while (last is IEnumerable<ITransformer> chain && chain.LastOrDefault() is { } inner)
            last = inner;
        return last is IPredictionTransformer<object> predictor ? predictor.Model.GetType().Name : last.GetType().Name;
    }

    private sealed class EnginePolicy(MLContext mlContext, ITransformer model, SchemaDefinition rowSchema, string filePath)
        : IPooledObjectPolicy<PredictionEngine<TInput, TOutput>>
    {
        public PredictionEngine<TInput, TOutput> Create()
        {
            try
            {
                return mlContext.Model.CreatePredictionEngine<TInput, TOutput>(model, inputSchemaDefinition: rowSchema);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                throw new InvalidDataException(
                    $"'{filePath}' does not fit the row types {typeof(TInput).Name} -> {typeof(TOutput).Name}: {ex.Message.ReplaceLineEndings(" ")}", ex);
            }
        }

        public bool Return(PredictionEngine<TInput, TOutput> engine) => true;
    }
}

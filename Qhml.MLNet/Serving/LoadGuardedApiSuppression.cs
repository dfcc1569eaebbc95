using System.Diagnostics.CodeAnalysis;

// Merge hook, to delete once GuardedModelLoadingCatalog carries its own: main combined the guarded loader (two
// LoadGuarded overloads with an optional options argument, ML.NET's catalog shape) with the public-API analyzer,
// whose RS0026 then fails the build. Same reason as the suppressions in ModeratedTanhNormalizerCatalog.
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
    Justification = "ML.NET catalog shape: a path and a stream overload, each with optional limits.",
    Scope = "member", Target = "~M:Qhml.MLNet.GuardedModelLoadingCatalog.LoadGuarded(Microsoft.ML.ModelOperationsCatalog,System.String,Microsoft.ML.DataViewSchema@,Qhml.MLNet.GuardedModelLoadOptions)~Microsoft.ML.ITransformer")]
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
    Justification = "ML.NET catalog shape: a path and a stream overload, each with optional limits.",
    Scope = "member", Target = "~M:Qhml.MLNet.GuardedModelLoadingCatalog.LoadGuarded(Microsoft.ML.ModelOperationsCatalog,System.IO.Stream,Microsoft.ML.DataViewSchema@,Qhml.MLNet.GuardedModelLoadOptions)~Microsoft.ML.ITransformer")]

using System.Runtime.CompilerServices;

// Keep in sync with QhmlPublicizedAssemblies in build/Qhml.MLNet.Publicize.targets: the compiler sees
// these three assemblies publicized, the runtime sees the real ones and must allow the same access.
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Data")]
[assembly: IgnoresAccessChecksTo("Microsoft.ML.StandardTrainers")]

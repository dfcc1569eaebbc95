using Mono.Cecil;

namespace Qhml.Build.Publicizer;

/// <summary>
/// Usage: <c>Qhml.Build.Publicizer &lt;output-directory&gt; &lt;assembly.dll&gt;...</c>. Writes, for each
/// input, a copy with the same identity whose internal (and private protected) API in the
/// <c>Microsoft.ML*</c> namespaces is visible to other assemblies. The copies are compile-time
/// references only; at run time the real assemblies load and <c>IgnoresAccessChecksTo</c> lets the
/// glue call their internals. <c>Qhml.Build.Publicizer check ...</c> runs <see cref="MLNetReferenceCheck"/>.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "check")
            return MLNetReferenceCheck.Run(args[1..]);

        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: Qhml.Build.Publicizer <output-directory> <assembly.dll>...");
            return 2;
        }

        string outputDirectory = Path.GetFullPath(args[0]);
        Directory.CreateDirectory(outputDirectory);
        var inputs = args.Skip(1).Select(Path.GetFullPath).ToArray();

        using var resolver = new DefaultAssemblyResolver();
        foreach (string directory in inputs.Select(p => Path.GetDirectoryName(p)!).Distinct())
            resolver.AddSearchDirectory(directory);

        foreach (string input in inputs)
        {
            if (!File.Exists(input))
            {
                Console.Error.WriteLine($"error: input assembly '{input}' does not exist.");
                return 1;
            }

            string output = Path.Combine(outputDirectory, Path.GetFileName(input));
            // Read fully into memory so the input file is not held open while writing.
            using var assembly = AssemblyDefinition.ReadAssembly(
                new MemoryStream(File.ReadAllBytes(input)),
                new ReaderParameters { AssemblyResolver = resolver, ReadSymbols = false });
            var counts = AccessWidener.Widen(assembly.MainModule);
            WriteIfChanged(assembly, output);
            Console.WriteLine($"Qhml.Build.Publicizer: {Path.GetFileName(input)}: {counts.Types} types, {counts.Members} members made visible -> {output}");
        }
        return 0;
    }

    /// <summary>Writes the assembly, leaving an identical existing file untouched (keeps timestamps stable).</summary>
    private static void WriteIfChanged(AssemblyDefinition assembly, string path)
    {
        using var buffer = new MemoryStream();
        assembly.Write(buffer);
        byte[] bytes = buffer.ToArray();
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return;
        }
        File.WriteAllBytes(path, bytes);
    }
}

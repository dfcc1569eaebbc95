using System.CommandLine;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>The samples' command line: study, train, predict and the ML.NET usage examples.</summary>
public static class SamplesCli
{
    /// <summary>Builds the root command.</summary>
    /// <returns>The root command with every sub-command.</returns>
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Qhml.MLNet samples: quantum-classical hybrid regression in ML.NET on drug-response data. " +
            "Run without arguments for a quick study on synthetic data.")
        {
            StudyCommand.Create(),
            Accuracy.AccuracyCommand.Create(),
            TrainCommand.Create(),
            PredictCommand.Create(),
            ExamplesCommand.Create(),
            CircuitCommand(),
            Experiment.ExperimentCommand.Create(),
        };
        root.SetAction(_ => StudyCommand.RunQuick());
        return root;
    }

    private static Command CircuitCommand()
    {
        var command = new Command("circuit", "Demonstrate the exact state-vector simulator: a Bell state, a reference circuit with its adjoint gradients, the 8-qubit ansatz.");
        command.SetAction(_ => CliErrors.Guard(() => { CircuitDemo.Run(Console.Out); return 0; }));
        return command;
    }
}

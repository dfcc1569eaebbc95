using System.CommandLine;
using Qhml.MLNet.Samples.Examples;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>The <c>examples</c> command: runs the small, readable ML.NET usage samples in Examples/.</summary>
internal static class ExamplesCommand
{
    public static Command Create()
    {
        var command = new Command("examples", "Run the ML.NET usage samples (source in Qhml.MLNet.Samples/Examples) on synthetic data.");
        var saveLoad = new Command("save-load", "Train, save with Model.Save, load with Model.Load and score single rows through a PredictionEngine.");
        saveLoad.SetAction(_ => CliErrors.Guard(() => { SaveLoadPredict.Run(Console.Out); return 0; }));
        command.Subcommands.Add(saveLoad);
        var crossValidation = new Command("cross-validation", "A pipeline of featurizers and the hybrid trainer, evaluated by 5-fold cross-validation.");
        crossValidation.SetAction(_ => CliErrors.Guard(() => { PipelineWithCrossValidation.Run(Console.Out); return 0; }));
        command.Subcommands.Add(crossValidation);
        var transform = new Command("transform", "The moderated-tanh normalizing transform in front of a built-in ML.NET trainer (Sdca).");
        transform.SetAction(_ => CliErrors.Guard(() => { TransformBeforeBuiltInTrainer.Run(Console.Out); return 0; }));
        command.Subcommands.Add(transform);
        return command;
    }
}

using LogGrains.Cli;
using LogGrains.Silo.Hosting;

return await LogGrainsCli.RunAsync(args, SiloApp.RunAsync).ConfigureAwait(false);

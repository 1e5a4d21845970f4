using LogGrains.Silo.Cli;

return await LogGrainsCli.RunAsync(args).ConfigureAwait(false);

using Ektp.Cli;

return await EktpCommand.RunAsync(args);

package app

// registerUpgradeHandlers registers the handlers of named software upgrades.
// An upgrade scheduled by a dao proposal halts the chain at its height until
// a binary with a handler of the same name is started. None exist yet.
func (app *App) registerUpgradeHandlers() {}

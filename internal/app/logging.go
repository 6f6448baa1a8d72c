package app

import (
	"flag"
	"io"
	"os"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// newLogger builds the program's one logger: JSON lines under systemd or
// when stderr is not a terminal (journald and log shippers read them),
// readable console lines on a terminal.
func newLogger(env Env, level string) (*zap.Logger, error) {
	var lvl zapcore.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, usagef("--log-level %q: write debug, info, warn or error", level)
	}
	var enc zapcore.Encoder
	if isTerminal(env.Stderr) && env.Getenv("JOURNAL_STREAM") == "" {
		ec := zap.NewDevelopmentEncoderConfig()
		ec.EncodeLevel = zapcore.CapitalColorLevelEncoder
		ec.EncodeTime = zapcore.TimeEncoderOfLayout("15:04:05")
		enc = zapcore.NewConsoleEncoder(ec)
	} else {
		ec := zap.NewProductionEncoderConfig()
		ec.EncodeTime = zapcore.RFC3339TimeEncoder
		enc = zapcore.NewJSONEncoder(ec)
	}
	core := zapcore.NewCore(enc, zapcore.AddSync(syncWriter{env.Stderr}), lvl)
	return zap.New(core), nil
}

// syncWriter lets zap write to any io.Writer (tests pass a buffer).
type syncWriter struct{ io.Writer }

func (syncWriter) Sync() error { return nil }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// logLevelFlag adds --log-level to a command.
func logLevelFlag(fs *flag.FlagSet) *string {
	return fs.String("log-level", "info", "log level: debug, info, warn or error")
}

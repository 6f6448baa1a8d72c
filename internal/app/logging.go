package app

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"go.uber.org/zap"
	"go.uber.org/zap/buffer"
	"go.uber.org/zap/zapcore"

	"github.com/netsyncd/netsyncd/internal/systemd"
)

// newLogger builds the program's one logger, in the format its reader wants:
//   - journald (stderr is the stream $JOURNAL_STREAM names): each line
//     starts with its syslog priority, "<4>" for a warning (sd-daemon(3)), so
//     `journalctl -p warning` filters; no timestamp, journald adds its own;
//   - a terminal: readable console lines, even when $JOURNAL_STREAM was
//     inherited from a service manager;
//   - anything else (a file, a pipe, a log shipper): JSON lines.
func newLogger(env Env, level string) (*zap.Logger, error) {
	var lvl zapcore.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, usagef("--log-level %q: write debug, info, warn or error", level)
	}
	var enc zapcore.Encoder
	f, _ := env.Stderr.(*os.File)
	switch {
	case systemd.StderrIsJournal(f, env.Getenv):
		ec := zap.NewProductionEncoderConfig()
		ec.TimeKey, ec.LevelKey, ec.CallerKey = "", "", ""
		enc = journalEncoder{zapcore.NewConsoleEncoder(ec)}
	case isTerminal(env.Stderr):
		ec := zap.NewDevelopmentEncoderConfig()
		ec.EncodeLevel = zapcore.CapitalColorLevelEncoder
		ec.EncodeTime = zapcore.TimeEncoderOfLayout("15:04:05")
		enc = zapcore.NewConsoleEncoder(ec)
	default:
		ec := zap.NewProductionEncoderConfig()
		ec.EncodeTime = zapcore.RFC3339TimeEncoder
		enc = zapcore.NewJSONEncoder(ec)
	}
	out := env.Stderr
	if env.logTo != nil {
		out = env.logTo
	}
	// Locked: a pass logs from the goroutines of its fetches and writes, and
	// out may be any writer (a test's buffer, once's live line).
	core := zapcore.NewCore(enc, zapcore.Lock(zapcore.AddSync(syncWriter{out})), lvl)
	return zap.New(core), nil
}

// journalEncoder prefixes every line of an entry with the entry's syslog
// priority, which journald's stream reader takes off and stores as PRIORITY
// (SyslogLevelPrefix=, on by default).
type journalEncoder struct{ zapcore.Encoder }

func (e journalEncoder) Clone() zapcore.Encoder { return journalEncoder{e.Encoder.Clone()} }

func (e journalEncoder) EncodeEntry(ent zapcore.Entry, fields []zapcore.Field) (*buffer.Buffer, error) {
	b, err := e.Encoder.EncodeEntry(ent, fields)
	if err != nil {
		return nil, err
	}
	defer b.Free()
	prefix := fmt.Appendf(nil, "<%d>", syslogPriority(ent.Level))
	out := journalBuffers.Get()
	for line := range bytes.Lines(b.Bytes()) {
		out.Write(prefix)
		out.Write(line)
	}
	return out, nil
}

var journalBuffers = buffer.NewPool()

// syslogPriority is the syslog(3) priority of a zap level.
func syslogPriority(l zapcore.Level) int {
	switch {
	case l <= zapcore.DebugLevel:
		return 7 // LOG_DEBUG
	case l == zapcore.InfoLevel:
		return 6 // LOG_INFO
	case l == zapcore.WarnLevel:
		return 4 // LOG_WARNING
	case l == zapcore.ErrorLevel:
		return 3 // LOG_ERR
	default:
		return 2 // LOG_CRIT: dpanic, panic, fatal
	}
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

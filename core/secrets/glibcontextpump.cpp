#include "glibcontextpump.h"

#include <glib.h>

namespace Atrium {

namespace {

constexpr int kPumpIntervalMs = 5;

/// This thread's own GLib context, made its thread default the first time it is asked for.
GMainContext *threadContext()
{
    thread_local GMainContext *context = [] {
        GMainContext *made = g_main_context_new();
        g_main_context_push_thread_default(made);  // for the thread's life: never popped
        return made;
    }();
    return context;
}

}  // namespace

GlibContextPump::GlibContextPump(QObject *parent)
    : QObject(parent)
{
    threadContext();
    m_timer.setInterval(kPumpIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &GlibContextPump::pump);
}

void GlibContextPump::started()
{
    ++m_pending;
    m_timer.start();
}

void GlibContextPump::finished()
{
    if (--m_pending <= 0) {
        m_pending = 0;
        m_timer.stop();
    }
}

void GlibContextPump::pump()
{
    GMainContext *context = threadContext();
    while (g_main_context_iteration(context, FALSE)) {
    }
}

}  // namespace Atrium

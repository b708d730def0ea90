/* sandbox.h - runs a reader in a child process with limits on its CPU time and memory, so that a
 * library that is slow, huge or crashes on hostile input (poppler on a PDF whose text is drawn a
 * million times over one spot) costs a bounded time and never takes the indexer down. Internal
 * to liblocus. */
#ifndef LOCUS_SANDBOX_H
#define LOCUS_SANDBOX_H

#include <stddef.h>

#include <locus/release.h>

/* A reader: the contract of locus_release_parse. */
typedef locus_status (*locus_reader_fn)(const char *name, const char *buf, size_t len,
                                        locus_release **out, locus_error *err);

/* Runs READ on NAME's LEN bytes of BUF in a forked child limited to CPU_SECONDS of CPU time and
 * (outside sanitizer builds) MEMORY bytes of address space, and copies the release it makes
 * back through a pipe into a new *out (locus_release_free). The child's error comes back as it
 * was; a child that runs out of time or memory, or dies, fails with LOCUS_ERR_FORMAT and a
 * message that names NAME and says which; a cancel (locus_reader_set_cancel) stops the child
 * within a tenth of a second and fails with LOCUS_ERR_INTERRUPTED. A child that sleeps for 2 s
 * without using CPU or sending anything is stuck (a lock another thread held at fork time stays
 * held in the child): it is killed and tried again, twice, then READ runs in this process. Call
 * it where the parent process itself rarely runs READ's library, so that its locks are free. */
locus_status locus_sandbox_parse(locus_reader_fn read, const char *name, const char *buf,
                                 size_t len, double cpu_seconds, size_t memory,
                                 locus_release **out, locus_error *err);

#endif

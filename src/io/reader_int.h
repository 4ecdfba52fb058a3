/* reader_int.h — what the CLI asks of the reader beyond the public API
 * (internal). */
#ifndef VN_READER_INT_H
#define VN_READER_INT_H

#include "vnews.h"

/* Keep mode: the reader no longer reuses a read buffer it handed a page's text
 * out of until vn_reader_release(); a batch's pages can then use their text
 * where the reader parsed it, uncopied. */
void vn_reader_keep(vn_reader *r, int on);
/* The pages handed out so far are done with: their buffers may be reused. */
void vn_reader_release(vn_reader *r);
/* Does the text of the page vn_reader_next() gave last stay where it is until
 * vn_reader_release() (keep mode, a JSON line inside one read buffer)? Else
 * it lasts only until the next call, as always. */
int vn_reader_text_kept(const vn_reader *r);
/* The same for any string of that page (its id, url, date): does s stay? */
int vn_reader_kept(const vn_reader *r, const char *s);

#endif

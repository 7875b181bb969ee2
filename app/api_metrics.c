/* SPDX-License-Identifier: ISC */
/* GET /metrics: Prometheus text format; the web server limits who asks. */
#include "api.h"
#include "app.h"
#include "http.h"
#include "metrics.h"

void
api_metrics_get(struct request *req)
{
	metrics_sync(req->app);
	buf_reset(&req->resp.body);
	metrics_render(&req->resp.body);
	req->resp.status = 200;
	req->resp.content_type = "text/plain; version=0.0.4; charset=utf-8";
}

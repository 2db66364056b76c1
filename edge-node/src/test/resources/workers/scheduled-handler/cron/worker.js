// A worker with both handlers: the cron tick writes KV (also from ctx.waitUntil), a request reads what it wrote.
export default {
  async fetch(request, env) {
    return new Response(`last tick ${await env.STATE.get('tick')}; after: ${await env.STATE.get('after')}`);
  },
  async scheduled(controller, env, ctx) {
    let settable = 'no controller fields settable';
    try { controller.cron = 'x'; if (controller.cron === 'x') settable = 'cron settable'; } catch (e) { /* a getter only */ }
    console.log(`${env.GREETING} from ${controller.cron} at ${controller.scheduledTime} (${typeof controller.scheduledTime}, `
      + `noRetry ${typeof controller.noRetry}, ${settable})`);
    controller.noRetry();
    await env.STATE.put('tick', `${controller.scheduledTime} by ${controller.cron}`);
    ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 10)).then(async () => {
      await env.STATE.put('after', 'done');
      console.log('waitUntil done');
    }));
  }
};

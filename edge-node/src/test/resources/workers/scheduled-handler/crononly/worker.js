// A cron-only worker (no fetch handler): it loads, its ticks run, a request to it gets 500.
export default {
  async scheduled(controller) {
    console.log(`only scheduled: ${controller.cron}`);
  }
};

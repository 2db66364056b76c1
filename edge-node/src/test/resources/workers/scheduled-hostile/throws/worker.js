export default {
  async scheduled() { throw new Error('cron exploded'); }
};

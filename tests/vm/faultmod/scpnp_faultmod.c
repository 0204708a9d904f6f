// SPDX-License-Identifier: GPL-2.0
/*
 * scpnp_faultmod - faults on request, to prove the VM runner catches them.
 *
 * Test-only: built by tests/check against each test kernel, never installed.
 * Writing one of the words below to /sys/kernel/debug/scpnp_faultmod/trigger
 * (or loading the module with trigger=WORD) causes that fault:
 *
 *   warn     a WARN() splat
 *   kasan    a read of freed slab memory (KASAN: use-after-free)
 *   lockdep  two mutexes taken in both orders (lockdep: circular locking)
 *   leak     a slab object whose only pointer is dropped (kmemleak)
 *   ubsan    a shift past the width of its type (UBSAN: shift-out-of-bounds)
 *   oops     a NULL pointer write in a kernel thread of its own (Oops; the
 *            thread dies, the kernel is tainted D)
 *   hang     the writer sleeps uninterruptibly for hang_ms milliseconds, or
 *            for ever when hang_ms is 0 (hung task; a hung guest)
 *
 * Nothing here breaks the kernel beyond what it reports: the use-after-free
 * reads one byte, the lock inversion happens in one thread so it cannot
 * deadlock, the leak is 64 bytes per request, the shift is on a local, and
 * the oops kills a thread that holds nothing.
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define FAULTMOD_OBJ_SIZE	64
#define FAULTMOD_SCRUB_BYTES	1024	/* below the leaking call */
#define FAULTMOD_CMD_MAX	16
#define FAULTMOD_SHIFT		40	/* past the 32 bits of a u32 */

static char *trigger;
module_param(trigger, charp, 0444);
MODULE_PARM_DESC(trigger, "fault to cause at load: warn, kasan, lockdep, leak, ubsan, oops or hang");

static unsigned int hang_ms;
module_param(hang_ms, uint, 0644);
MODULE_PARM_DESC(hang_ms, "how long \"hang\" sleeps, in ms (0: for ever)");

/* Written through in faultmod_oops_thread(): always NULL */
static int *faultmod_null;
/*
 * How far faultmod_ubsan() shifts: a variable, so that no compiler or
 * checker sees the constant and refuses it before run time.
 */
static unsigned int faultmod_shift = FAULTMOD_SHIFT;

static struct dentry *faultmod_dir;
static DEFINE_MUTEX(faultmod_lock_a);
static DEFINE_MUTEX(faultmod_lock_b);

static void faultmod_warn(void)
{
	WARN(1, "scpnp_faultmod: warning on request\n");
}

static int faultmod_kasan(void)
{
	char *p;
	char c;

	if (!IS_ENABLED(CONFIG_KASAN))
		return -EOPNOTSUPP;
	p = kmalloc(FAULTMOD_OBJ_SIZE, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	kfree(p);
	c = READ_ONCE(p[FAULTMOD_OBJ_SIZE / 2]);
	pr_info("scpnp_faultmod: read %d from freed memory\n", c);
	return 0;
}

static int faultmod_lockdep(void)
{
	if (!IS_ENABLED(CONFIG_LOCKDEP))
		return -EOPNOTSUPP;
	mutex_lock(&faultmod_lock_a);
	mutex_lock(&faultmod_lock_b);
	mutex_unlock(&faultmod_lock_b);
	mutex_unlock(&faultmod_lock_a);

	mutex_lock(&faultmod_lock_b);
	mutex_lock(&faultmod_lock_a);
	mutex_unlock(&faultmod_lock_a);
	mutex_unlock(&faultmod_lock_b);
	return 0;
}

/*
 * kmemleak scans whole task stacks, dead part included (and the stacks
 * of exited tasks kept for reuse): a copy of the pointer left there by
 * the allocator's own frames would keep the object "referenced". Overwrite
 * the stack below the leaking function once it has returned.
 */
static noinline void faultmod_scrub_stack(void)
{
	char buf[FAULTMOD_SCRUB_BYTES];

	memzero_explicit(buf, sizeof(buf));
}

/* Kept out of line so that no copy of the pointer stays in the caller. */
static noinline int faultmod_leak_one(void)
{
	void *p;

	p = kzalloc(FAULTMOD_OBJ_SIZE, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	pr_info("scpnp_faultmod: leaking %d bytes\n", FAULTMOD_OBJ_SIZE);
	return 0;
}

static int faultmod_leak(void)
{
	int ret;

	if (!IS_ENABLED(CONFIG_DEBUG_KMEMLEAK))
		return -EOPNOTSUPP;
	ret = faultmod_leak_one();
	faultmod_scrub_stack();
	return ret;
}

static int faultmod_ubsan(void)
{
	u32 v = 1;

	if (!IS_ENABLED(CONFIG_UBSAN_SHIFT))
		return -EOPNOTSUPP;
	v <<= READ_ONCE(faultmod_shift);
	pr_info("scpnp_faultmod: shifted to %u\n", v);
	return 0;
}

static int faultmod_oops_thread(void *unused)
{
	WRITE_ONCE(*faultmod_null, 1);
	return 0;
}

static int faultmod_oops(void)
{
	struct task_struct *t;

	t = kthread_run(faultmod_oops_thread, NULL, "scpnp_faultmod_oops");
	return PTR_ERR_OR_ZERO(t);
}

static int faultmod_hang(void)
{
	if (!hang_ms) {
		for (;;)
			schedule_timeout_uninterruptible(MAX_SCHEDULE_TIMEOUT);
	}
	schedule_timeout_uninterruptible(msecs_to_jiffies(hang_ms));
	return 0;
}

static int faultmod_run(const char *what)
{
	if (sysfs_streq(what, "warn")) {
		faultmod_warn();
		return 0;
	}
	if (sysfs_streq(what, "kasan"))
		return faultmod_kasan();
	if (sysfs_streq(what, "lockdep"))
		return faultmod_lockdep();
	if (sysfs_streq(what, "leak"))
		return faultmod_leak();
	if (sysfs_streq(what, "ubsan"))
		return faultmod_ubsan();
	if (sysfs_streq(what, "oops"))
		return faultmod_oops();
	if (sysfs_streq(what, "hang"))
		return faultmod_hang();
	return -EINVAL;
}

static ssize_t faultmod_trigger_write(struct file *file, const char __user *ubuf,
				      size_t len, loff_t *ppos)
{
	char cmd[FAULTMOD_CMD_MAX];
	ssize_t n;
	int ret;

	n = simple_write_to_buffer(cmd, sizeof(cmd) - 1, ppos, ubuf, len);
	if (n < 0)
		return n;
	cmd[n] = '\0';
	ret = faultmod_run(cmd);
	return ret ? ret : len;
}

static const struct file_operations faultmod_trigger_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = faultmod_trigger_write,
	.llseek = no_llseek,
};

static int __init faultmod_init(void)
{
	int ret;

	if (trigger) {
		ret = faultmod_run(trigger);
		if (ret)
			return ret;
	}
	faultmod_dir = debugfs_create_dir("scpnp_faultmod", NULL);
	debugfs_create_file("trigger", 0200, faultmod_dir, NULL, &faultmod_trigger_fops);
	return 0;
}

static void __exit faultmod_exit(void)
{
	debugfs_remove_recursive(faultmod_dir);
}

module_init(faultmod_init);
module_exit(faultmod_exit);
MODULE_DESCRIPTION("scpnp test-only fault injector for the VM runner self-tests");
MODULE_LICENSE("GPL");
